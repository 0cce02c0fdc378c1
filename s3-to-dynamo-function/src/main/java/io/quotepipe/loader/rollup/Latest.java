package io.quotepipe.loader.rollup;

import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteVersion;

/**
 * The rule of the latest snapshot ({@code LATEST} / {@code COIN#<symbol>}): it holds the quote with the greatest
 * {@code (observedAt, source)}, i.e. the coin's last history item in sort-key order ({@code TS#<observedAt>#<source>}),
 * and of two contents of that key the winning one ({@link QuoteVersion}), as history does. Two sources observing the
 * same millisecond are thus ordered by source name, and a replay of the held quote is not newer than itself: the rule
 * is a strict order, so the snapshot does not depend on the order of arrival.
 *
 * <p>The DynamoDB side of the same rule is {@link #CONDITION}.
 */
public final class Latest {

    /**
     * "The quote {@code :observedAt}/{@code :source}/{@code :version} is newer than the stored one", or nothing is
     * stored yet (or the stored one predates {@code version}). Uses the names {@code #observedAt}, {@code #source}
     * ({@code source} is a reserved word) and {@code #version}.
     */
    public static final String CONDITION = "attribute_not_exists(pk) OR #observedAt < :observedAt"
            + " OR (#observedAt = :observedAt AND #source < :source)"
            + " OR (#observedAt = :observedAt AND #source = :source"
            + " AND (attribute_not_exists(#version) OR #version < :version))";

    private Latest() {
    }

    /** Whether {@code candidate} should replace {@code stored} as the latest quote of its coin. */
    public static boolean newer(Quote candidate, Quote stored) {
        int time = candidate.observedAt().compareTo(stored.observedAt());
        if (time != 0) {
            return time > 0;
        }
        int source = candidate.source().compareTo(stored.source());
        return source > 0 || source == 0 && QuoteVersion.ORDER.compare(candidate, stored) > 0;
    }

    /** The newer of two quotes of one coin. */
    public static Quote newest(Quote a, Quote b) {
        return newer(b, a) ? b : a;
    }
}
