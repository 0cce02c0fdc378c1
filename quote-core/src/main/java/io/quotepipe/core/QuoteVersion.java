package io.quotepipe.core;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * Which of two contents of one history key ({@code symbol}, {@code observedAt}, {@code source}) wins: the rule that
 * history, LATEST, the candles and the chaos reconciliation all follow, so the table does not depend on the order of
 * arrival (docs/design.md, "One key, two contents").
 *
 * <p>The same key can arrive twice with different content: Finnhub keeps {@code t} when no trade happened while the
 * poll's other fields change, a poll is retried, an object is rewritten by an outside writer. Each content has a
 * version, the string {@code <fetchedAt>#<pollId>#<digest>} ({@link #of}), and the greater version wins, compared as
 * strings. {@code fetchedAt} is fixed-width ({@code 2026-11-21T18:05:00.000Z}), so in effect the later fetch wins,
 * then the greater poll id, and at equal both the greater digest of the canonical content: only a hand-made object
 * gets that far, and the digest still makes the choice the same everywhere. The same content always has the same
 * version (a replay is not a new version), whatever the trailing zeros of its numbers.
 *
 * <p>Because the whole rule is one string comparison, DynamoDB can decide it in a write's condition
 * ({@code version <= :version}), which is what makes it hold under concurrency.
 */
public final class QuoteVersion {

    /** The rule as an order on quotes of one key: the greater one wins. 0 means the same version (same content). */
    public static final Comparator<Quote> ORDER = Comparator.comparing(QuoteVersion::of);

    /** Hex digits of the content digest in the version: 64 bits, so two contents never share one by chance. */
    static final int DIGEST_HEX = 16;

    private QuoteVersion() {
    }

    /** The {@code version} attribute of a history or latest item: {@code <fetchedAt>#<pollId>#<digest>}. */
    public static String of(Quote quote) {
        return Times.format(quote.fetchedAt()) + "#" + quote.pollId() + "#" + digest(canonical(quote));
    }

    /** The winner of two contents of one key (either, when they are the same version). */
    public static Quote winner(Quote a, Quote b) {
        return ORDER.compare(b, a) > 0 ? b : a;
    }

    /**
     * The content of a quote as one string: its Quote JSON with every decimal without trailing zeros, because the
     * table compares and stores numbers as numbers ({@code 2.50} and {@code 2.5} are the same content).
     */
    public static String canonical(Quote quote) {
        return QuoteJson.write(quote.toBuilder()
                .priceUsd(strip(quote.priceUsd()))
                .volume24hUsd(strip(quote.volume24hUsd()))
                .marketCapUsd(strip(quote.marketCapUsd()))
                .change1hPct(strip(quote.change1hPct()))
                .change24hPct(strip(quote.change24hPct()))
                .change7dPct(strip(quote.change7dPct()))
                .build());
    }

    private static String digest(String canonical) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha).substring(0, DIGEST_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
