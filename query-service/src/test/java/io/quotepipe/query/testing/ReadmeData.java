package io.quotepipe.query.testing;

import io.quotepipe.core.Times;

import java.time.Instant;

/** The fixed data that the README's example commands and their outputs show. */
public final class ReadmeData {

    /** The time of the last quote of every coin in the README's examples. */
    public static final Instant ANCHOR = Times.parse("2026-11-21T18:05:00.000Z");

    private ReadmeData() {
    }
}
