package io.quotepipe.core.time;

import java.time.Duration;

/** Pauses the calling thread between attempts; a seam so that tests move their clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
