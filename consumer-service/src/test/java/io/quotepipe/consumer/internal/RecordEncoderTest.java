package io.quotepipe.consumer.internal;

import io.quotepipe.consumer.testing.Quotes;
import io.quotepipe.core.BatchLine;
import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.QuoteJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RecordEncoderTest {

    static final long TIMESTAMP = 1_763_748_300_412L;

    static ConsumerRecord<byte[], byte[]> record(long offset, String value) {
        return record(offset, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    static ConsumerRecord<byte[], byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>("crypto-quotes", 2, offset, TIMESTAMP, TimestampType.CREATE_TIME, -1, -1, null,
                value, new RecordHeaders(), Optional.empty());
    }

    static String line(RecordEncoder.Encoded encoded) {
        return new String(encoded.line(), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheValueAsItCame_withItsKafkaCoordinatesAsTheLastField() throws Exception {
        String value = Quotes.value(7);

        RecordEncoder.Encoded encoded = RecordEncoder.encode(record(42, value));

        assertThat(line(encoded)).isEqualTo(value.substring(0, value.length() - 1)
                + ",\"kafka\":{\"topic\":\"crypto-quotes\",\"partition\":2,\"offset\":42,\"timestamp\":\"2025-11-21T18:05:00.412Z\"}}");
        BatchLine read = QuoteJson.readLine(line(encoded));
        assertThat(read.quote()).isEqualTo(Quotes.quote(7));
        assertThat(read.kafka()).isEqualTo(new KafkaCoordinates("crypto-quotes", 2, 42, Instant.ofEpochMilli(TIMESTAMP)));
    }

    @Test
    void keepsTheFieldsOfNewerProducers_andTheDecimalsAsWritten() throws Exception {
        String value = "{\"schemaVersion\":1,\"source\":\"coincap\",\"symbol\":\"PEPE\",\"priceUsd\":0.000000012340,"
                + "\"observedAt\":\"2026-11-21T18:05:00.000Z\",\"fetchedAt\":\"2026-11-21T18:05:00.412Z\",\"pollId\":\"p\","
                + "\"exchange\":{\"name\":\"x\"}}";

        String line = line(RecordEncoder.encode(record(1, value)));

        assertThat(line).contains("\"priceUsd\":0.000000012340").contains("\"exchange\":{\"name\":\"x\"}");
        assertThat(QuoteJson.readLine(line).quote().priceUsd()).isEqualByComparingTo("0.00000001234");
    }

    @Test
    void rewritesTheQuote_whenTheValueSpansLines_orAlreadyNamesAKafkaField_orUsesEscapes() throws Exception {
        String pretty = Quotes.value(3).replace(",\"", ",\n  \"");
        String withKafka = Quotes.value(3).replace("{\"schemaVersion\"", "{\"kafka\":{\"offset\":1},\"schemaVersion\"");
        String escaped = Quotes.value(3).replace("\"pollId\"", "\"poll\\u0049d\"");

        for (String value : List.of(pretty, withKafka, escaped)) {
            String line = line(RecordEncoder.encode(record(9, value)));

            assertThat(line).as(value).isEqualTo(QuoteJson.writeLine(Quotes.quote(3),
                    new KafkaCoordinates("crypto-quotes", 2, 9, Instant.ofEpochMilli(TIMESTAMP))));
            assertThat(QuoteJson.readLine(line).kafka().offset()).isEqualTo(9);
        }
    }

    @Test
    void splicesBeforeTheClosingBrace_notABraceInAString_andDropsTrailingBlanks() throws Exception {
        String value = Quotes.value(5).replace("\"name\":\"Coin 5\"", "\"name\":\"Coin {5} \u20ac\"") + " \t ";

        String line = line(RecordEncoder.encode(record(11, value)));

        assertThat(line).startsWith(value.substring(0, value.lastIndexOf('}')) + ",\"kafka\":{").endsWith("\"}}");
        assertThat(QuoteJson.readLine(line).quote().name()).isEqualTo("Coin {5} \u20ac");
    }

    @Test
    void neverSplicesBytesThatAreNotPlainUtf8() {
        byte[] value = Quotes.value(5).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[value.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(value, 0, withBom, 3, value.length);
        byte[] withNul = Quotes.value(5).replace("Coin 5", "Coin\u00005").getBytes(StandardCharsets.UTF_8);

        assertThat(RecordEncoder.spliceAt(value)).isEqualTo(value.length - 1);
        assertThat(RecordEncoder.spliceAt(withBom)).isEqualTo(-1);
        assertThat(RecordEncoder.spliceAt(withNul)).isEqualTo(-1);
        assertThat(Poison.kind(RecordEncoder.encode(record(1, Quotes.value(5).getBytes(StandardCharsets.UTF_16LE))).poison()))
                .isEqualTo("not-json");
    }

    @Test
    void formatsTimestampsExactlyAsTimesDoes() {
        java.util.Random random = new java.util.Random(7);
        List<Instant> samples = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0999-12-31T23:59:59.999Z"),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2026-11-21T18:05:00.412345Z")));
        for (int i = 0; i < 10_000; i++) {
            samples.add(Instant.ofEpochMilli(random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L)));
        }

        for (Instant t : samples) {
            assertThat(RecordEncoder.format(t)).as(t.toString()).isEqualTo(io.quotepipe.core.Times.format(t));
        }
    }

    @Test
    void saysWhyARecordIsPoison() {
        assertThat(Poison.kind(RecordEncoder.encode(record(1, Quotes.NOT_JSON)).poison())).isEqualTo("not-json");
        assertThat(Poison.kind(RecordEncoder.encode(record(1, (String) null)).poison())).isEqualTo("not-json");
        assertThat(Poison.kind(RecordEncoder.encode(record(1, Quotes.NOT_QUOTE_V1)).poison())).isEqualTo("not-quote-v1");
        assertThat(Poison.kind(RecordEncoder.encode(record(1, Quotes.INVALID)).poison())).isEqualTo("invalid");
        assertThat(RecordEncoder.encode(record(1, Quotes.INVALID)).line()).isNull();
    }

    @Test
    void encodesOnSeveralThreads_inTheRecordsOrder() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            records.add(record(i, i % 97 == 0 ? Quotes.INVALID : Quotes.value(i)));
        }

        try (RecordEncoder parallel = new RecordEncoder(3); RecordEncoder alone = new RecordEncoder(1)) {
            RecordEncoder.Encoded[] many = parallel.encode(records);
            RecordEncoder.Encoded[] one = alone.encode(records);

            assertThat(many).hasSize(1000);
            for (int i = 0; i < 1000; i++) {
                assertThat(many[i].poison() == null).isEqualTo(one[i].poison() == null);
                if (many[i].line() != null) {
                    assertThat(many[i].line()).as("record %d", i).isEqualTo(one[i].line());
                }
            }
        }
    }
}
