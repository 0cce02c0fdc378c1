package io.quotepipe.consumer.internal;

import io.quotepipe.core.KafkaCoordinates;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartitionBatchTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");
    static final KafkaCoordinates FIRST = new KafkaCoordinates("crypto-quotes", 1, 100, T);

    @Test
    void namesTheObjectAfterItsFirstRecord_andGzipsTheLines() throws IOException {
        PartitionBatch batch = new PartitionBatch(FIRST, true, 1, T);
        batch.append("{\"a\":1}", 100);
        batch.append("{\"b\":2}", 101);

        byte[] object = batch.finish();

        assertThat(batch.key().key()).isEqualTo("quotes/dt=2026-11-21/hour=18/crypto-quotes-1-0000000000000000100.jsonl.gz");
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(object)).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1}\n{\"b\":2}\n");
        assertThat(batch.lines()).isEqualTo(2);
        assertThat(batch.lastLineOffset()).isEqualTo(101);
        assertThat(batch.endOffset()).isEqualTo(102);
        assertThat(batch.uncompressedBytes()).isEqualTo(16);
    }

    @Test
    void writesPlainJsonLines_whenGzipIsOff() {
        PartitionBatch batch = new PartitionBatch(FIRST, false, 1, T);
        batch.append("{}", 100);

        assertThat(new String(batch.finish(), StandardCharsets.UTF_8)).isEqualTo("{}\n");
        assertThat(batch.key().key()).endsWith(".jsonl");
    }

    @Test
    void returnsTheSameBytes_onEveryFinish_soThatARetryPutsTheSameObject() {
        PartitionBatch batch = new PartitionBatch(FIRST, true, 6, T);
        batch.append("{\"a\":1}", 100);

        assertThat(batch.finish()).isSameAs(batch.finish());
    }

    @Test
    void coversTheDeadLettersAfterItsLastLine_soThatItsCommitCoversThemToo() {
        PartitionBatch batch = new PartitionBatch(FIRST, true, 1, T);
        batch.append("{}", 100);
        batch.skip(101);
        batch.skip(102);

        assertThat(batch.lastLineOffset()).isEqualTo(100);
        assertThat(batch.endOffset()).isEqualTo(103);
    }

    @Test
    void isFull_byRecords_orByBytes_andOld_byTheTimeItWasOpened() {
        PartitionBatch batch = new PartitionBatch(FIRST, true, 1, T);
        batch.append("x".repeat(99), 100);

        assertThat(batch.isFull(2, 1_000)).as("nothing reached").isFalse();
        assertThat(batch.isFull(1, 1_000)).as("records").isTrue();
        assertThat(batch.isFull(2, 100)).as("bytes, newline included").isTrue();
        assertThat(batch.openedBy(T.minusSeconds(1))).isFalse();
        assertThat(batch.openedBy(T)).isTrue();
    }

    @Test
    void compressesChunksOnAnotherThread_inOrder_intoOneGzipStream() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            PartitionBatch batch = new PartitionBatch(FIRST, true, 1, T, pool);
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 20_000; i++) { // about 1.6 MB: several chunks, and a line longer than a chunk
                String line = i == 777 ? "{\"big\":\"" + "y".repeat(PartitionBatch.CHUNK + 10) + "\"}" : "{\"n\":" + i + ",\"pad\":\"" + "z".repeat(60) + "\"}";
                batch.append(line, 100 + i);
                expected.append(line).append('\n');
            }

            byte[] object = batch.finish();

            assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(object)).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(expected.toString());
            assertThat(batch.uncompressedBytes()).isEqualTo(expected.length());
            assertThat(batch.finish()).isSameAs(object);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCompressorThatRejectsWork_failsTheBatch_insteadOfLeavingItWaiting() {
        Executor closed = task -> {
            throw new RejectedExecutionException("compression pool is shut down");
        };
        PartitionBatch batch = new PartitionBatch(FIRST, true, 1, T, closed);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10_000; i++) {
                batch.append("{\"n\":" + i + ",\"pad\":\"" + "z".repeat(60) + "\"}", 100 + i);
            }
            batch.finish();
        }).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aCompressorFallingBehind_makesAppendWait_withAFewChunksInMemory() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService slow = Executors.newSingleThreadExecutor();
        Executor held = task -> slow.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        });
        String line = "{\"pad\":\"" + "z".repeat(1000) + "\"}";
        int total = 2_000; // about 2 MB: 8 chunks
        AtomicInteger appended = new AtomicInteger();
        PartitionBatch batch = new PartitionBatch(FIRST, true, 1, T, held);
        Thread appender = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                batch.append(line, 100 + i);
                appended.incrementAndGet();
            }
        });
        try {
            appender.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (appender.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            assertThat(appender.getState()).as("append waits for the compressor").isEqualTo(Thread.State.WAITING);
            int perChunk = PartitionBatch.CHUNK / (line.length() + 1);
            assertThat(appended.get()).isLessThan(total).isLessThanOrEqualTo((PartitionBatch.CHUNKS_IN_FLIGHT + 1) * perChunk);

            release.countDown();
            appender.join(10_000);
            assertThat(appender.isAlive()).isFalse();
            byte[] object = batch.finish();
            assertThat(new GZIPInputStream(new ByteArrayInputStream(object)).readAllBytes()).hasSize(total * (line.length() + 1));
        } finally {
            release.countDown();
            slow.shutdownNow();
        }
    }
}
