package io.quotepipe.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuoteJsonTest {

    static final String FULL = """
            {"schemaVersion":1,"source":"livecoinwatch","symbol":"BTC","name":"Bitcoin","rank":1,\
            "priceUsd":70835.6,"volume24hUsd":24721785938,"marketCapUsd":1394051250970,\
            "change1hPct":0.3,"change24hPct":-0.13,"change7dPct":4.32,\
            "observedAt":"2026-11-21T18:05:00.000Z","fetchedAt":"2026-11-21T18:05:00.412Z","pollId":"p-1"}""";

    static Quote.Builder valid() {
        return Quote.builder().source("simulated").symbol("BTC").priceUsd(new BigDecimal("70835.6"))
                .observedAt(Instant.parse("2026-11-21T18:05:00Z")).fetchedAt(Instant.parse("2026-11-21T18:05:00.412Z"))
                .pollId("p-1");
    }

    @Test
    void readsTheDesignExample_withEveryField() throws Exception {
        Quote q = QuoteJson.read(FULL);

        assertThat(q.symbol()).isEqualTo("BTC");
        assertThat(q.name()).isEqualTo("Bitcoin");
        assertThat(q.rank()).isEqualTo(1);
        assertThat(q.priceUsd()).isEqualTo(new BigDecimal("70835.6"));
        assertThat(q.marketCapUsd()).isEqualTo(new BigDecimal("1394051250970"));
        assertThat(q.change24hPct()).isEqualTo(new BigDecimal("-0.13"));
        assertThat(q.fetchedAt()).isEqualTo(Instant.parse("2026-11-21T18:05:00.412Z"));
    }

    @Test
    void writesTheDesignExample_byteForByte() throws Exception {
        assertThat(QuoteJson.write(QuoteJson.read(FULL))).isEqualTo(FULL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.000000012345", "123456789012345.67", "70835.6", "1", "0.10", "99999999999.999999999999999999"})
    void roundTripsDecimalsExactly_digitsAndScale(String price) throws Exception {
        Quote original = valid().marketCapUsd(new BigDecimal(price)).volume24hUsd(new BigDecimal(price)).build();

        String json = QuoteJson.write(original);
        Quote back = QuoteJson.read(json);

        assertThat(json).contains("\"marketCapUsd\":" + price + ",");
        assertThat(back.marketCapUsd()).isEqualTo(new BigDecimal(price)); // equals: same digits and same scale
        assertThat(back).isEqualTo(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.000000012345", "0.00000000000000000001", "70835.6", "999999999999.99"})
    void roundTripsPricesExactly(String price) throws Exception {
        Quote back = QuoteJson.read(QuoteJson.write(valid().priceUsd(new BigDecimal(price)).build()));

        assertThat(back.priceUsd()).isEqualTo(new BigDecimal(price));
    }

    @Test
    void writesTimesWithExactlyThreeFractionDigits() {
        Quote q = valid().observedAt(Instant.parse("2026-11-21T18:05:00Z"))
                .fetchedAt(Instant.parse("2026-11-21T18:05:00.123456789Z")).build();

        String json = QuoteJson.write(q);

        assertThat(json).contains("\"observedAt\":\"2026-11-21T18:05:00.000Z\"")
                .contains("\"fetchedAt\":\"2026-11-21T18:05:00.123Z\"");
    }

    @Test
    void omitsOptionalFields_ratherThanWritingNull() {
        String json = QuoteJson.write(valid().build());

        assertThat(json).doesNotContain("null").doesNotContain("name").doesNotContain("rank").doesNotContain("volume24hUsd");
    }

    @Test
    void ignoresUnknownFields_atAnyDepth() throws Exception {
        String json = FULL.replace("\"rank\":1,", "\"rank\":1,\"future\":{\"a\":[1,2,{\"b\":null}]},\"x\":\"y\",");

        assertThat(QuoteJson.read(json)).isEqualTo(QuoteJson.read(FULL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"schemaVersion", "source", "symbol", "priceUsd", "observedAt", "fetchedAt", "pollId"})
    void reportsEachMissingRequiredField_byName(String field) {
        String value = "\"" + field + "\":(\"[^\"]*\"|[-0-9.]+)";
        String json = FULL.replaceAll("," + value + "|" + value + ",", "");

        assertThatThrownBy(() -> QuoteJson.read(json))
                .isInstanceOfSatisfying(InvalidQuoteException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation(field, null, "is required")))
                .hasMessageContaining(field + ": is required");
    }

    @Test
    void reportsEveryViolation_withFieldAndValue() {
        String json = """
                {"schemaVersion":1,"source":"livecoinwatch","symbol":"BT#C","priceUsd":-5,"rank":"one",\
                "observedAt":"yesterday","fetchedAt":"2026-11-21T18:05:00.412Z","pollId":"p"}""";

        assertThatThrownBy(() -> QuoteJson.read(json))
                .isInstanceOfSatisfying(InvalidQuoteException.class, e -> assertThat(e.violations()).containsExactlyInAnyOrder(
                        new Violation("symbol", "BT#C", "must match " + QuoteValidator.SYMBOL.pattern()),
                        new Violation("priceUsd", "-5", "must be greater than 0"),
                        new Violation("rank", "one", "must be an integer"),
                        new Violation("observedAt", "yesterday", "must be a UTC time like 2026-11-21T18:05:00.000Z")));
    }

    @Test
    void rejectsPriceGivenAsAString() {
        String json = FULL.replace("\"priceUsd\":70835.6", "\"priceUsd\":\"70835.6\"");

        assertThatThrownBy(() -> QuoteJson.read(json))
                .isInstanceOfSatisfying(InvalidQuoteException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("priceUsd", "70835.6", "must be a JSON number")));
    }

    @Test
    void rejectsAHugeExponent_withoutExpandingIt() {
        String json = FULL.replace("\"priceUsd\":70835.6", "\"priceUsd\":1e999999999");

        assertThatThrownBy(() -> QuoteJson.read(json))
                .isInstanceOfSatisfying(InvalidQuoteException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> {
                            assertThat(v.field()).isEqualTo("priceUsd");
                            assertThat(v.problem()).startsWith("is implausibly large");
                        }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "[1,2]", "{\"schemaVersion\":1", "\"BTC\"", "{} {}",
            "{\"symbol\":\"BTC\",\"symbol\":\"ETH\"}"})
    void rejectsInputThatIsNotOneJsonObject(String input) {
        assertThatThrownBy(() -> QuoteJson.read(input))
                .isInstanceOf(InvalidQuoteException.class)
                .hasMessageStartingWith("not a quote");
        assertThatThrownBy(() -> QuoteJson.read(input.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidQuoteException.class)
                .hasMessageStartingWith("not a quote");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"priceUsd\":1,", "\"future\":1,\"future\":2,", "\"pollId\":\"p-2\","})
    void rejectsAFieldThatComesTwice_knownOrNot(String extra) {
        String json = FULL.replace("\"rank\":1,", "\"rank\":1," + extra);

        assertThatThrownBy(() -> QuoteJson.read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidQuoteException.class)
                .hasMessageStartingWith("not a quote: malformed JSON (duplicate field '");
    }

    @Test
    void readsBytesAsTheStringOfThem_includingNonAscii() throws Exception {
        String json = FULL.replace("Bitcoin", "Bitcoin ₿ été \\u00e9");

        assertThat(QuoteJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(QuoteJson.read(json));
        assertThat(QuoteJson.read(json).name()).isEqualTo("Bitcoin ₿ été é");
    }

    @Test
    void rejectsBytesThatAreNotUtf8() {
        byte[] json = FULL.replace("Bitcoin", "Bitcoin?").getBytes(StandardCharsets.UTF_8);
        json[FULL.indexOf("Bitcoin") + 7] = (byte) 0xC3; // a lead byte followed by a quote, not a continuation

        assertThatThrownBy(() -> QuoteJson.read(json))
                .isInstanceOf(InvalidQuoteException.class)
                .hasMessageStartingWith("not a quote: malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32", "UTF-8 with a byte-order mark"})
    void rejectsBytesInAnotherEncodingThanUtf8_evenThoughJacksonWouldDetectIt(String encoding) {
        byte[] json = encoding.startsWith("UTF-8")
                ? ("\uFEFF" + FULL).getBytes(StandardCharsets.UTF_8)
                : FULL.getBytes(java.nio.charset.Charset.forName(encoding));

        assertThatThrownBy(() -> QuoteJson.read(json))
                .isInstanceOf(InvalidQuoteException.class)
                .hasMessageStartingWith("not a quote: malformed JSON (not UTF-8: ");
    }

    @Test
    void rejectsADuplicateInsideTheKafkaCoordinates() {
        String line = FULL.substring(0, FULL.length() - 1) + ",\"kafka\":{\"topic\":\"t\",\"partition\":0,\"offset\":1,"
                + "\"offset\":2,\"timestamp\":\"2026-11-21T18:05:01.007Z\"}}";

        assertThatThrownBy(() -> QuoteJson.readLine(line))
                .isInstanceOf(InvalidQuoteException.class)
                .hasMessageContaining("duplicate field 'offset'");
    }

    @Test
    void roundTripsABatchLine_withKafkaCoordinates() throws Exception {
        KafkaCoordinates at = new KafkaCoordinates("crypto-quotes", 2, 42, Instant.parse("2026-11-21T18:05:01.007Z"));
        Quote q = QuoteJson.read(FULL);

        String line = QuoteJson.writeLine(q, at);
        BatchLine back = QuoteJson.readLine(line);

        assertThat(line).endsWith(",\"kafka\":{\"topic\":\"crypto-quotes\",\"partition\":2,\"offset\":42,"
                + "\"timestamp\":\"2026-11-21T18:05:01.007Z\"}}");
        assertThat(back).isEqualTo(new BatchLine(q, at));
    }

    @Test
    void rejectsABatchLineWithoutKafkaCoordinates() {
        assertThatThrownBy(() -> QuoteJson.readLine(FULL))
                .isInstanceOfSatisfying(InvalidQuoteException.class, e -> assertThat(e.violations())
                        .containsExactly(new Violation("kafka", null, "is required on a batch line")));
    }
}
