package io.quotepipe.core.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The {@link Clock} every time-dependent bean of every app injects: UTC system time, unless a test or an app produces
 * another one (a {@link DefaultBean} gives way to any other {@code Clock} bean). quote-core is a bean archive
 * (META-INF/beans.xml) for this producer alone; its other classes carry no bean annotation and are built by hand.
 */
@Singleton
public class Clocks {

    @Produces
    @DefaultBean
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
