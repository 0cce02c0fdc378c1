package io.quotepipe.loader.rollup;

import io.quotepipe.core.Quote;

/**
 * The rule of the latest snapshot ({@code LATEST} / {@code COIN#<symbol>}): it holds the quote with the greatest
 * {@code (observedAt, source)}, i.e. the coin's last history item in sort-key order ({@code TS#<observedAt>#<source>}).
 * Two sources observing the same millisecond are thus ordered by source name, and a replay of the held quote is
 * not newer than itself: the rule is a strict order, so the snapshot does not depend on the order of arrival.
 *
 * <p>The DynamoDB side of the same rule is {@link #CONDITION}.
 */
public final class Latest {

    /**
     * "The quote {@code :observedAt}/{@code :source} is newer than the stored one", or nothing is stored yet. Uses the
     * names {@code #observedAt} and {@code #source} ({@code source} is a reserved word).
     */
    public static final String CONDITION = "attribute_not_exists(pk) OR #observedAt < :observedAt"
            + " OR (#observedAt = :observedAt AND #source < :source)";

    private Latest() {
    }

    /** Whether {@code candidate} should replace {@code stored} as the latest quote of its coin. */
    public static boolean newer(Quote candidate, Quote stored) {
        int time = candidate.observedAt().compareTo(stored.observedAt());
        return time > 0 || time == 0 && candidate.source().compareTo(stored.source()) > 0;
    }

    /** The newer of two quotes of one coin. */
    public static Quote newest(Quote a, Quote b) {
        return newer(b, a) ? b : a;
    }
}
