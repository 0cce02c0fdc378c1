package io.quotepipe.consumer;

import io.quotepipe.core.KafkaCoordinates;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionBatchTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");
    static final KafkaCoordinates FIRST = new KafkaCoordinates("crypto-quotes", 1, 100, T);

    @Test
    void namesTheObjectAfterItsFirstRecord_andGzipsTheLines() throws IOException {
        PartitionBatch batch = new PartitionBatch(FIRST, true, T);
        batch.append("{\"a\":1}", 100, Message.of("a"));
        batch.append("{\"b\":2}", 101, Message.of("b"));

        byte[] object = batch.finish();

        assertThat(batch.key().key()).isEqualTo("quotes/dt=2026-11-21/hour=18/crypto-quotes-1-0000000000000000100.jsonl.gz");
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(object)).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}\n{\"b\":2}\n");
        assertThat(batch.lines()).isEqualTo(2);
        assertThat(batch.lastOffset()).isEqualTo(101);
        assertThat(batch.uncompressedBytes()).isEqualTo(16);
    }

    @Test
    void writesPlainJsonLines_whenGzipIsOff() {
        PartitionBatch batch = new PartitionBatch(FIRST, false, T);
        batch.append("{}", 100, Message.of("a"));

        assertThat(new String(batch.finish(), StandardCharsets.UTF_8)).isEqualTo("{}\n");
        assertThat(batch.key().key()).endsWith(".jsonl");
    }

    @Test
    void isDue_byRecords_byBytes_orByAge() {
        PartitionBatch batch = new PartitionBatch(FIRST, true, T);
        batch.append("x".repeat(99), 100, Message.of("a"));

        assertThat(batch.isDue(2, 1_000, T.minusSeconds(1))).as("nothing reached").isFalse();
        assertThat(batch.isDue(1, 1_000, T.minusSeconds(1))).as("records").isTrue();
        assertThat(batch.isDue(2, 100, T.minusSeconds(1))).as("bytes, newline included").isTrue();
        assertThat(batch.isDue(2, 1_000, T)).as("age").isTrue();
    }
}
