package io.quotepipe.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class KeysTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:03.250Z");

    @Test
    void batchKeyIsAFunctionOfTheFirstRecord_only() {
        KafkaCoordinates first = new KafkaCoordinates("crypto-quotes", 2, 42, T);

        S3BatchKey key = S3BatchKey.of(first, true);

        assertThat(key.key()).isEqualTo("quotes/dt=2026-11-21/hour=18/crypto-quotes-2-0000000000000000042.jsonl.gz");
        assertThat(S3BatchKey.of(first, true).key()).isEqualTo(key.key());
        assertThat(S3BatchKey.of(first, false).key()).endsWith("-0000000000000000042.jsonl");
    }

    @Test
    void batchKeysListInOffsetOrder() {
        String a = S3BatchKey.of(new KafkaCoordinates("t", 0, 9, T), true).key();
        String b = S3BatchKey.of(new KafkaCoordinates("t", 0, 10, T), true).key();

        assertThat(a).isLessThan(b);
    }

    @Test
    void parsesABatchKey_evenWithDashesInTheTopic() {
        String key = "quotes/dt=2026-11-21/hour=18/my-quotes.v1-12-0000000000000000042.jsonl.gz";

        assertThat(S3BatchKey.parse(key)).contains(
                new S3BatchKey("my-quotes.v1", 12, 42, Instant.parse("2026-11-21T18:00:00Z"), true));
        assertThat(S3BatchKey.parse("quarantine/" + key)).isEmpty();
        assertThat(S3BatchKey.parse("quotes/readme.txt")).isEmpty();
    }

    @Test
    void quarantineKeyKeepsTheOriginalKey() {
        assertThat(S3BatchKey.quarantineKey("quotes/dt=2026-11-21/hour=18/t-0-0000000000000000000.jsonl.gz"))
                .isEqualTo("quarantine/quotes/dt=2026-11-21/hour=18/t-0-0000000000000000000.jsonl.gz.errors.jsonl");
    }

    @Test
    void dynamoKeysFollowTheDesign() {
        assertThat(DynamoKeys.historyPk("BTC")).isEqualTo("COIN#BTC");
        assertThat(DynamoKeys.historySk(T, "coincap")).isEqualTo("TS#2026-11-21T18:05:03.250Z#coincap");
        assertThat(DynamoKeys.latestSk("BTC")).isEqualTo("COIN#BTC");
        assertThat(DynamoKeys.candlePk(DynamoKeys.Interval.HOUR, "BTC")).isEqualTo("OHLC#1h#BTC");
        assertThat(DynamoKeys.candleSk(DynamoKeys.Interval.HOUR, T)).isEqualTo("2026-11-21T18:00:00.000Z");
        assertThat(DynamoKeys.candleSk(DynamoKeys.Interval.DAY, T)).isEqualTo("2026-11-21T00:00:00.000Z");
    }

    @Test
    void historyRangeBoundsIncludeEverySourceAtTheEdges() {
        String sk = DynamoKeys.historySk(T, "livecoinwatch");

        assertThat(sk).isBetween(DynamoKeys.historySkFrom(T), DynamoKeys.historySkTo(T));
    }

    @Test
    void alertSubjectFitsSnsAndBodyCarriesContext() {
        Alert alert = new Alert("poller", "provider-failed", "LiveCoinWatch answered 401: check its API key",
                java.util.Map.of("provider", "livecoinwatch"), T, 3);

        assertThat(alert.subject()).isEqualTo("[quotepipe] poller: provider-failed");
        assertThat(new Alert("c".repeat(80), "k".repeat(80), "m", null, T, 0).subject()).hasSizeLessThan(100);
        assertThat(alert.toJson()).isEqualTo("{\"component\":\"poller\",\"kind\":\"provider-failed\","
                + "\"message\":\"LiveCoinWatch answered 401: check its API key\",\"context\":{\"provider\":\"livecoinwatch\"},"
                + "\"time\":\"2026-11-21T18:05:03.250Z\",\"folded\":3}");
    }
}
