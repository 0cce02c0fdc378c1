package io.quotepipe.consumer.testing;

import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Quote JSON v1 values as the poller sends them, and poison of each kind the consumer dead-letters. */
public final class Quotes {

    public static final Instant T = Instant.parse("2026-11-21T18:05:00Z");
    private static final List<String> SYMBOLS = List.of("BTC", "ETH", "USDT", "BNB", "SOL", "XRP", "USDC", "DOGE", "ADA", "TRX");

    /** Not JSON at all. */
    public static final String NOT_JSON = "{\"schemaVersion\":1,\"symbol\":\"BTC\",";
    /** JSON, but a future schema version. */
    public static final String NOT_QUOTE_V1 = """
            {"schemaVersion":2,"source":"livecoinwatch","symbol":"BTC","priceUsd":70835.6,\
            "observedAt":"2026-11-21T18:05:00.000Z","fetchedAt":"2026-11-21T18:05:00.412Z","pollId":"p"}""";
    /** Quote v1 breaking a rule: a negative price. */
    public static final String INVALID = """
            {"schemaVersion":1,"source":"livecoinwatch","symbol":"BTC","priceUsd":-1,\
            "observedAt":"2026-11-21T18:05:00.000Z","fetchedAt":"2026-11-21T18:05:00.412Z","pollId":"p"}""";

    private Quotes() {
    }

    /** The {@code i}-th quote of a run: ten coins in turn, one poll every five minutes, prices moving. */
    public static Quote quote(long i) {
        Instant observed = T.plusSeconds(300 * (i / SYMBOLS.size()));
        return Quote.builder()
                .source("livecoinwatch")
                .symbol(SYMBOLS.get((int) (i % SYMBOLS.size())))
                .name("Coin " + (i % SYMBOLS.size()))
                .rank((int) (i % SYMBOLS.size()) + 1)
                .priceUsd(new BigDecimal("70835.6").add(BigDecimal.valueOf(i % 997, 2)))
                .volume24hUsd(new BigDecimal("24721785938").add(BigDecimal.valueOf(i)))
                .marketCapUsd(new BigDecimal("1394051250970").add(BigDecimal.valueOf(i * 31)))
                .change1hPct(BigDecimal.valueOf(i % 61 - 30, 2))
                .change24hPct(BigDecimal.valueOf(i % 89 - 44, 2))
                .change7dPct(BigDecimal.valueOf(i % 113 - 56, 2))
                .observedAt(observed)
                .fetchedAt(observed.plusMillis(412))
                .pollId("poll-" + (i / SYMBOLS.size()))
                .build();
    }

    /** The Kafka value of {@link #quote(long)}. */
    public static String value(long i) {
        return QuoteJson.write(quote(i));
    }
}
