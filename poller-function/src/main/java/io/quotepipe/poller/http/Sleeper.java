package io.quotepipe.poller.http;

import java.time.Duration;

/** Waits between attempts. Tests substitute one that moves their clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
