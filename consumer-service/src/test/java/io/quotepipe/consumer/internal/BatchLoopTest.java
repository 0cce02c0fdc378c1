package io.quotepipe.consumer.internal;

import io.quotepipe.core.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotepipe.consumer.testing.Quotes;
import io.quotepipe.core.Alert;
import io.quotepipe.core.BatchLine;
import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.alert.Alerts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.quotepipe.consumer.testing.BatchObjects.assertEveryOffsetExactlyOnce;
import static io.quotepipe.consumer.testing.BatchObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

/** The poll loop on Kafka's MockConsumer, an in-memory bucket and a clock the test moves: no server, no sleep. */
class BatchLoopTest {

    static final Duration MAX_AGE = Duration.ofSeconds(60);

    final FakeLog log = new FakeLog("crypto-quotes", 2);
    final MemoryStore store = new MemoryStore();
    final MutableClock clock = new MutableClock(Quotes.T);
    final List<Alert> alerts = new ArrayList<>();
    final ListDeadLetters deadLetters = new ListDeadLetters();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ConsumerMetrics metrics = new ConsumerMetrics(registry, "crypto-quotes");
    final RecordEncoder encoder = new RecordEncoder(2);

    @AfterEach
    void closeEncoder() {
        encoder.close();
    }

    /** Dead letters in a list; can be made to fail. */
    static final class ListDeadLetters implements DeadLetters {
        final List<ConsumerRecord<byte[], byte[]>> sent = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();
        boolean failing;

        @Override
        public void send(ConsumerRecord<byte[], byte[]> record, InvalidQuoteException reason) {
            if (failing) {
                throw new IllegalStateException("cannot send dead letter (test)");
            }
            sent.add(record);
            kinds.add(Poison.kind(reason));
        }

        @Override
        public String topic() {
            return "crypto-quotes-dlq";
        }
    }

    BatchLoop.Settings settings(int maxRecords, long maxBytes) {
        return settings(maxRecords, maxBytes, Duration.ZERO);
    }

    BatchLoop.Settings settings(int maxRecords, long maxBytes, Duration idleFlush) {
        return new BatchLoop.Settings("crypto-quotes", maxRecords, maxBytes, MAX_AGE, idleFlush, true, 1, Duration.ofMillis(10),
                3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ZERO);
    }

    /** A consumer of the group, subscribed and assigned {@code partitions}. */
    BatchLoop start(FakeLog.Consumer consumer, BatchLoop.Settings settings, List<TopicPartition> partitions) {
        BatchLoop loop = new BatchLoop(consumer, encoder, store, deadLetters, new Alerts(alerts::add, clock, Duration.ofMinutes(15)),
                metrics, clock, settings);
        loop.subscribe();
        consumer.rebalance(partitions);
        return loop;
    }

    BatchLoop start(FakeLog.Consumer consumer, int maxRecords) {
        return start(consumer, settings(maxRecords, Long.MAX_VALUE), log.all());
    }

    void appendQuotes(int partition, int count) {
        for (int i = 0; i < count; i++) {
            log.append(partition, Quotes.value(log.end(partition)));
        }
    }

    List<Long> offsetsOf(String key) {
        return lines(key, store.objects.get(key)).stream().map(l -> l.kafka().offset()).toList();
    }

    @Test
    void writesABatch_whenMaxRecordsIsReached_andCommitsExactlyItsEnd() {
        appendQuotes(0, 7);
        BatchLoop loop = start(log.consumer(), 3);

        loop.pollOnce();

        assertThat(store.puts).containsExactly(
                "quotes/dt=2023-11-14/hour=22/crypto-quotes-0-0000000000000000000.jsonl.gz",
                "quotes/dt=2023-11-14/hour=22/crypto-quotes-0-0000000000000000003.jsonl.gz");
        assertThat(offsetsOf(store.puts.get(1))).containsExactly(3L, 4L, 5L);
        assertThat(log.committed).containsExactly(Map.entry(log.tp(0), 6L));
        assertThat(registry.get("quotepipe.consumer.batches.written").tag("reason", "records").counter().count()).isEqualTo(2);
    }

    @Test
    void writesEachLine_asTheQuoteWithItsKafkaCoordinates() {
        appendQuotes(1, 2);
        BatchLoop loop = start(log.consumer(), 2);

        loop.pollOnce();

        List<BatchLine> lines = lines(store.puts.get(0), store.objects.get(store.puts.get(0)));
        assertThat(lines).extracting(BatchLine::quote).containsExactly(Quotes.quote(0), Quotes.quote(1));
        assertThat(lines.get(1).kafka().topic()).isEqualTo("crypto-quotes");
        assertThat(lines.get(1).kafka().partition()).isEqualTo(1);
        assertThat(lines.get(1).kafka().offset()).isEqualTo(1);
        assertThat(lines.get(1).kafka().timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_001L));
    }

    @Test
    void writesABatch_whenMaxBytesIsReached() {
        appendQuotes(0, 5);
        long lineBytes = 600; // a quote line is about 450 bytes: two lines pass 600
        BatchLoop loop = start(log.consumer(), settings(10_000, lineBytes), log.all());

        loop.pollOnce();

        assertThat(store.puts).hasSize(2);
        assertThat(registry.get("quotepipe.consumer.batches.written").tag("reason", "bytes").counter().count()).isEqualTo(2);
        assertThat(log.committed.get(log.tp(0))).isEqualTo(4L);
    }

    @Test
    void flushesATrickleByAge_onTheTimer_withoutWaitingForAnotherRecord() {
        appendQuotes(0, 2);
        BatchLoop loop = start(log.consumer(), 10_000);
        loop.pollOnce();
        clock.advance(MAX_AGE.minusMillis(1));
        loop.pollOnce();
        assertThat(store.puts).as("younger than max-age").isEmpty();
        assertThat(log.committed).isEmpty();

        clock.advance(Duration.ofMillis(1));
        loop.pollOnce(); // no record arrives: the poll times out and the age check runs

        assertThat(store.puts).hasSize(1);
        assertThat(offsetsOf(store.puts.get(0))).containsExactly(0L, 1L);
        assertThat(log.committed.get(log.tp(0))).isEqualTo(2L);
        assertThat(registry.get("quotepipe.consumer.batches.written").tag("reason", "age").counter().count()).isEqualTo(1);
    }

    @Test
    void writesABatch_asSoonAsItsPartitionHasBeenIdleForIdleFlush_notMaxAgeLater() {
        BatchLoop loop = start(log.consumer(), settings(10_000, Long.MAX_VALUE, Duration.ofSeconds(2)), log.all());
        appendQuotes(0, 3);
        loop.pollOnce();
        clock.advance(Duration.ofMillis(1500));
        appendQuotes(0, 2); // the poll's last quotes, a little later
        loop.pollOnce();
        clock.advance(Duration.ofMillis(1999));
        loop.pollOnce();
        assertThat(store.puts).as("idle for less than idle-flush").isEmpty();

        clock.advance(Duration.ofMillis(1));
        loop.pollOnce();

        assertThat(store.puts).hasSize(1);
        assertThat(offsetsOf(store.puts.get(0))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(log.committed.get(log.tp(0))).isEqualTo(5L);
        assertThat(registry.get("quotepipe.consumer.batches.written").tag("reason", "idle").counter().count()).isEqualTo(1);
    }

    @Test
    void waitsForMaxAge_whenIdleFlushIsOff() {
        BatchLoop loop = start(log.consumer(), settings(10_000, Long.MAX_VALUE, Duration.ZERO), log.all());
        appendQuotes(0, 3);
        loop.pollOnce();

        clock.advance(MAX_AGE.minusMillis(1));
        loop.pollOnce();

        assertThat(store.puts).isEmpty();
    }

    /** Athena's partition projection finds a quote under the hour of its key only if no object spans two hours. */
    @Test
    void cutsTheBatch_whereTheHourOfItsRecordsKafkaTimestampsChanges() {
        long lastMsOf22h = Instant.parse("2023-11-14T22:59:59.999Z").toEpochMilli();
        log.append(0, Quotes.value(0), lastMsOf22h - 1);
        log.append(0, Quotes.value(1), lastMsOf22h);
        log.append(0, Quotes.INVALID, lastMsOf22h + 1);
        log.append(0, Quotes.value(3), lastMsOf22h + 1);
        log.append(0, Quotes.value(4), lastMsOf22h + 2);
        BatchLoop loop = start(log.consumer(), 10_000);

        loop.pollOnce();
        clock.advance(MAX_AGE);
        loop.pollOnce();

        assertThat(store.puts).containsExactly(
                "quotes/dt=2023-11-14/hour=22/crypto-quotes-0-0000000000000000000.jsonl.gz",
                "quotes/dt=2023-11-14/hour=23/crypto-quotes-0-0000000000000000003.jsonl.gz");
        assertThat(offsetsOf(store.puts.get(0))).containsExactly(0L, 1L);
        assertThat(offsetsOf(store.puts.get(1))).containsExactly(3L, 4L);
        assertThat(log.committed.get(log.tp(0))).isEqualTo(5L);
        assertThat(registry.get("quotepipe.consumer.batches.written").tag("reason", "hour").counter().count()).isEqualTo(1);
    }

    @Test
    void adoptsTheObjectsAlreadyWritten_whenABatchIsRedelivered_andCommitsTheSameOffsets() {
        appendQuotes(0, 25);
        BatchLoop first = start(log.consumer(), 10);
        first.pollOnce();
        Map<String, byte[]> written = new HashMap<>(store.objects);
        assertThat(written).hasSize(2);

        log.committed.clear(); // as if the commits were lost: everything is redelivered
        store.puts.clear();
        BatchLoop second = start(log.consumer(), 10);
        second.pollOnce();

        assertThat(store.puts).as("create-only: nothing is replaced").isEmpty();
        assertThat(store.adopted).containsExactlyInAnyOrderElementsOf(written.keySet());
        written.forEach((key, bytes) -> assertThat(store.objects.get(key)).as(key).isEqualTo(bytes));
        assertThat(log.committed.get(log.tp(0))).isEqualTo(20L);
    }

    /** The stale owner's batch is shorter than the object the new owner wrote: it commits and reads on past it. */
    @Test
    void adoptsAnotherOwnersLongerObject_insteadOfReplacingIt_andReadsOnFromItsEnd() {
        appendQuotes(0, 50);
        BatchLoop newOwner = start(log.consumer(), 50);
        newOwner.pollOnce();
        byte[] newOwners = store.objects.get(store.puts.get(0));
        assertThat(log.committed.get(log.tp(0))).isEqualTo(50L);

        log.committed.clear(); // the stale owner read from the commit before the new owner's
        BatchLoop stale = start(log.consumer(), 10);
        stale.pollOnce();
        appendQuotes(0, 5);
        stale.pollOnce();
        clock.advance(MAX_AGE);
        stale.pollOnce();

        assertThat(store.objects.get(store.puts.get(0))).as("never replaced").isEqualTo(newOwners);
        assertThat(store.adopted).containsExactly(store.puts.get(0));
        assertEveryOffsetExactlyOnce(store.objects, log.offsets(Set.of()));
        assertThat(log.committed.get(log.tp(0))).isEqualTo(55L);
        assertThat(registry.get("quotepipe.consumer.batches.adopted").counter().count()).isEqualTo(1);
    }

    /** The object under the key ends before this writer's batch: the records after it make a new batch from its end. */
    @Test
    void adoptsAShorterObject_andWritesTheRestAsANewBatchFromItsEnd() {
        appendQuotes(0, 50);
        log.maxPerPoll = 10;
        BatchLoop former = start(log.consumer(), 10);
        former.pollOnce(); // 0..9 written and committed
        log.committed.clear(); // ... but the commit is lost
        log.maxPerPoll = Integer.MAX_VALUE;

        BatchLoop next = start(log.consumer(), 50);
        next.pollOnce(); // its batch 0..49 finds 0..9 there: adopts, commits 10, reads 10.. again
        next.pollOnce();
        clock.advance(MAX_AGE);
        next.pollOnce();

        assertThat(store.puts).containsExactly(
                "quotes/dt=2023-11-14/hour=22/crypto-quotes-0-0000000000000000000.jsonl.gz",
                "quotes/dt=2023-11-14/hour=22/crypto-quotes-0-0000000000000000010.jsonl.gz");
        assertEveryOffsetExactlyOnce(store.objects, log.offsets(Set.of()));
        assertThat(log.committed.get(log.tp(0))).isEqualTo(50L);
    }

    /** A put that S3 stored but whose answer was lost (a timeout) is retried: the retry finds its own object. */
    @Test
    void adoptsItsOwnObject_whenARetriedPutFindsItWasStoredAfterAll() {
        appendQuotes(0, 3);
        store.failingAfterStoring = true;
        BatchLoop loop = start(log.consumer(), 3);
        loop.pollOnce();
        assertThat(log.committed).isEmpty();

        store.failingAfterStoring = false;
        clock.advance(Duration.ofSeconds(10));
        loop.pollOnce();

        assertThat(store.puts).hasSize(1);
        assertThat(store.adopted).containsExactly(store.puts.get(0));
        assertThat(log.committed.get(log.tp(0))).isEqualTo(3L);
        assertEveryOffsetExactlyOnce(store.objects, log.offsets(Set.of()));
    }

    @Test
    void sendsPoisonRecordsToTheDeadLetterTopic_andTheBatchGoesOn_withoutThem() {
        log.append(0, Quotes.value(0));
        log.append(0, Quotes.NOT_JSON);
        log.append(0, Quotes.value(2));
        log.append(0, Quotes.NOT_QUOTE_V1);
        log.append(0, Quotes.value(4));
        log.append(0, Quotes.INVALID);
        log.append(0, null);
        BatchLoop loop = start(log.consumer(), 10_000);

        loop.pollOnce();
        clock.advance(MAX_AGE);
        loop.pollOnce();

        assertThat(deadLetters.sent).extracting(ConsumerRecord::offset).containsExactly(1L, 3L, 5L, 6L);
        assertThat(deadLetters.kinds).containsExactly("not-json", "not-quote-v1", "invalid", "not-json");
        assertThat(offsetsOf(store.puts.get(0))).containsExactly(0L, 2L, 4L);
        assertThat(log.committed.get(log.tp(0))).as("the trailing dead letters are committed with the batch").isEqualTo(7L);
        assertThat(registry.get("quotepipe.consumer.dead.letters").tag("kind", "not-json").counter().count()).isEqualTo(2);
        assertThat(alerts).as("one alert, the others folded into the next").hasSize(1);
        assertThat(alerts.get(0).kind()).isEqualTo("dead-letter");
        assertThat(alerts.get(0).context()).containsEntry("offset", "1").containsEntry("kind", "not-json");
    }

    @Test
    void commitsDeadLettersOnTheirOwn_whenNoBatchIsOpen() {
        log.append(0, Quotes.NOT_JSON);
        log.append(0, Quotes.INVALID);
        BatchLoop loop = start(log.consumer(), 10_000);

        loop.pollOnce();

        assertThat(store.puts).isEmpty();
        assertThat(log.committed.get(log.tp(0))).isEqualTo(2L);
    }

    @Test
    void retriesADeadLetter_andCommitsNothingPastIt_whileTheDeadLetterTopicFails() {
        log.append(0, Quotes.value(0));
        log.append(0, Quotes.INVALID);
        log.append(0, Quotes.value(2));
        deadLetters.failing = true;
        FakeLog.Consumer consumer = log.consumer();
        BatchLoop loop = start(consumer, 10_000);

        loop.pollOnce();
        assertThat(consumer.paused()).containsExactly(log.tp(0));
        clock.advance(MAX_AGE);
        loop.pollOnce(); // the batch before the poison is written; the poison is tried again, and fails again

        assertThat(offsetsOf(store.puts.get(0))).containsExactly(0L);
        assertThat(log.committed.get(log.tp(0))).as("committed up to the poison, not past it").isEqualTo(1L);
        assertThat(deadLetters.sent).isEmpty();

        deadLetters.failing = false;
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(10));
            loop.pollOnce();
        }
        clock.advance(MAX_AGE);
        loop.pollOnce();

        assertThat(deadLetters.sent).extracting(ConsumerRecord::offset).containsExactly(1L);
        assertEveryOffsetExactlyOnce(store.objects, log.offsets(Set.of(1L)));
        assertThat(log.committed.get(log.tp(0))).isEqualTo(3L);
    }

    @Test
    void pausesThePartition_commitsNothing_andAlerts_whileS3Fails_thenCatchesUp() {
        appendQuotes(0, 10);
        store.failing = true;
        FakeLog.Consumer consumer = log.consumer();
        BatchLoop loop = start(consumer, 4);

        loop.pollOnce();
        assertThat(consumer.paused()).as("the full batch waits; nothing more is read").containsExactly(log.tp(0));
        appendQuotes(0, 10);
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofSeconds(10));
            loop.pollOnce();
        }

        assertThat(log.committed).as("nothing is committed that is not in S3").isEmpty();
        assertThat(loop.writer(log.tp(0)).batch().lines()).as("memory is bounded by one batch").isEqualTo(4);
        assertThat(store.attempts).isGreaterThanOrEqualTo(3);
        assertThat(alerts).extracting(Alert::kind).containsExactly("s3-write-failed");
        assertThat(alerts.get(0).context()).containsEntry("partition", "crypto-quotes-0");

        store.failing = false;
        clock.advance(Duration.ofSeconds(10));
        loop.pollOnce();
        loop.pollOnce();
        clock.advance(MAX_AGE);
        loop.pollOnce();

        assertThat(alerts).extracting(Alert::kind).containsExactly("s3-write-failed", "s3-write-recovered");
        assertThat(consumer.paused()).isEmpty();
        assertEveryOffsetExactlyOnce(store.objects, log.offsets(Set.of()));
        assertThat(log.committed.get(log.tp(0))).isEqualTo(20L);
    }

    @Test
    void writesNothingMoreForAPartition_untilItsLastBatchIsCommitted() {
        appendQuotes(0, 4);
        BatchLoop loop = start(log.consumer(), 2);
        log.commitFailure = FakeLog::timeout;

        loop.pollOnce();
        clock.advance(Duration.ofSeconds(10));
        loop.pollOnce();

        assertThat(store.puts).as("the second batch waits for the first one's commit").hasSize(1);
        assertThat(alerts).isEmpty();

        log.commitFailure = null;
        clock.advance(Duration.ofSeconds(10));
        loop.pollOnce();
        loop.pollOnce();

        assertThat(store.puts).hasSize(2);
        assertThat(log.committed.get(log.tp(0))).isEqualTo(4L);
    }

    @Test
    void retriesACommit_afterTheNextPoll_whenARebalanceIsInProgress_withoutAlerting() {
        appendQuotes(0, 2);
        BatchLoop loop = start(log.consumer(), 2);
        log.commitFailure = () -> new org.apache.kafka.common.errors.RebalanceInProgressException("rebalancing");
        loop.pollOnce();
        loop.pollOnce();
        loop.pollOnce();
        assertThat(log.committed).isEmpty();

        log.commitFailure = null;
        loop.pollOnce();

        assertThat(log.committed.get(log.tp(0))).isEqualTo(2L);
        assertThat(store.puts).hasSize(1);
        assertThat(alerts).isEmpty();
    }

    @Test
    void dropsAndRewinds_andAlerts_whenACommitFailsBecauseTheGroupMovedOn_andAdoptsItsObject() {
        appendQuotes(0, 3);
        BatchLoop loop = start(log.consumer(), 2);
        log.commitFailure = FakeLog::rebalanced;

        loop.pollOnce();
        assertThat(store.puts).hasSize(1);
        log.commitFailure = null;
        loop.pollOnce(); // reads again from offset 0
        clock.advance(MAX_AGE);
        loop.pollOnce();

        assertThat(store.puts).hasSize(2);
        assertThat(store.adopted).as("the rewound batch finds its object").containsExactly(store.puts.get(0));
        assertEveryOffsetExactlyOnce(store.objects, log.offsets(Set.of()));
        assertThat(log.committed.get(log.tp(0))).isEqualTo(3L);
        assertThat(alerts).extracting(Alert::kind).containsExactly("commit-refused");
        assertThat(alerts.get(0).context()).containsEntry("partition", "0").containsEntry("offset", "2");
    }

    @Test
    void writesAndCommitsTheOpenBatch_whenItsPartitionIsRevoked() {
        appendQuotes(0, 3);
        appendQuotes(1, 2);
        FakeLog.Consumer consumer = log.consumer();
        BatchLoop loop = start(consumer, 10_000);
        loop.pollOnce();

        consumer.rebalance(List.of(log.tp(1)));

        assertThat(store.puts).hasSize(1);
        assertThat(offsetsOf(store.puts.get(0))).containsExactly(0L, 1L, 2L);
        assertThat(log.committed).containsExactly(Map.entry(log.tp(0), 3L));
        assertThat(registry.get("quotepipe.consumer.batches.written").tag("reason", "revoke").counter().count()).isEqualTo(1);
    }

    @Test
    void dropsTheOpenBatch_whenItsPartitionIsRevokedWhileS3Fails_andTheNextOwnerWritesTheSameKeys() {
        appendQuotes(0, 5);
        FakeLog.Consumer consumer = log.consumer();
        BatchLoop loop = start(consumer, 3);
        loop.pollOnce(); // batch 0..2 written; 3..4 open
        store.failing = true;
        clock.advance(MAX_AGE);
        loop.pollOnce(); // the age flush fails

        consumer.rebalance(List.of(log.tp(1)));
        store.failing = false;
        BatchLoop next = start(log.consumer(), settings(3, Long.MAX_VALUE), List.of(log.tp(0)));
        next.pollOnce();
        clock.advance(MAX_AGE);
        next.pollOnce();

        assertEveryOffsetExactlyOnce(store.objects, log.offsets(Set.of()));
        assertThat(store.puts).containsExactly(
                "quotes/dt=2023-11-14/hour=22/crypto-quotes-0-0000000000000000000.jsonl.gz",
                "quotes/dt=2023-11-14/hour=22/crypto-quotes-0-0000000000000000003.jsonl.gz");
    }

    @Test
    void writesNothing_forPartitionsLost_sinceAnotherMemberMayOwnThemAlready() {
        appendQuotes(0, 2);
        FakeLog.Consumer consumer = log.consumer();
        BatchLoop loop = start(consumer, 10_000);
        loop.pollOnce();

        loop.onPartitionsLost(List.of(log.tp(0)));
        clock.advance(MAX_AGE);
        loop.pollOnce();
        loop.finish();

        assertThat(store.puts).isEmpty();
        assertThat(log.committed).isEmpty();
    }

    @Test
    void writesAndCommitsEveryOpenBatch_onShutdown() {
        appendQuotes(0, 2);
        appendQuotes(1, 3);
        BatchLoop loop = start(log.consumer(), 10_000);
        loop.pollOnce();

        loop.finish();

        assertThat(store.puts).hasSize(2);
        assertThat(log.committed).containsEntry(log.tp(0), 2L).containsEntry(log.tp(1), 3L);
        assertThat(registry.get("quotepipe.consumer.batches.written").tag("reason", "shutdown").counter().count()).isEqualTo(2);
    }

    @Test
    void reportsTheLag_asRecordsNotYetCommitted() {
        appendQuotes(0, 5);
        log.maxPerPoll = 3;
        BatchLoop loop = start(log.consumer(), 10_000);

        loop.pollOnce();

        assertThat(registry.get("quotepipe.consumer.lag").tag("partition", "0").gauge().value()).isEqualTo(5);
    }

    /**
     * The guarantee itself, under whatever can happen between two polls: S3 and commits failing,
     * partitions revoked and lost, the process killed (its state gone, a new consumer from the
     * committed offsets), a zombie instance with other batch sizes putting into the same bucket with its commits
     * refused, poison records; each run ends with a clean shutdown.
     */
    @Test
    void everyOffsetEndsUpInExactlyOneObject_whateverFailsAndWhenever() {
        // Thousands of batches and alerts: keep the build log readable (the loop and the classes it delegates to).
        java.util.logging.Logger quiet1 = java.util.logging.Logger.getLogger(BatchLoop.class.getPackageName());
        java.util.logging.Logger quiet2 = java.util.logging.Logger.getLogger(Alerts.class.getName());
        quiet1.setLevel(java.util.logging.Level.SEVERE);
        quiet2.setLevel(java.util.logging.Level.SEVERE);
        try {
            for (long seed = 1; seed <= 100; seed++) {
                runChaos(seed);
            }
        } finally {
            quiet1.setLevel(null);
            quiet2.setLevel(null);
        }
    }

    /** One poll of a member the group no longer counts: whatever it puts, its commits are refused. */
    private static void pollRefused(FakeLog chaos, BatchLoop zombie) {
        var before = chaos.commitFailure;
        chaos.commitFailure = FakeLog::rebalanced;
        try {
            zombie.pollOnce();
        } finally {
            chaos.commitFailure = before;
        }
    }

    private static boolean caughtUp(FakeLog log) {
        return log.all().stream().allMatch(tp -> log.committed.getOrDefault(tp, -1L) == log.end(tp.partition()));
    }

    private void runChaos(long seed) {
        Random random = new Random(seed);
        FakeLog chaos = new FakeLog("crypto-quotes", 3);
        MemoryStore lake = new MemoryStore();
        ListDeadLetters dead = new ListDeadLetters();
        Set<String> poison = new HashSet<>();
        BatchLoop.Settings settings = new BatchLoop.Settings("crypto-quotes", 1 + random.nextInt(6), 200 + random.nextInt(3000),
                MAX_AGE, random.nextBoolean() ? Duration.ZERO : Duration.ofSeconds(1 + random.nextInt(30)), random.nextBoolean(), 1, Duration.ofMillis(10), 2, Duration.ofSeconds(1), Duration.ofSeconds(4),
                Duration.ofSeconds(30));
        chaos.maxPerPoll = 1 + random.nextInt(8);
        Alerts alerting = new Alerts(a -> { }, clock, Duration.ofMinutes(1));
        BatchLoop.Settings zombieSettings = new BatchLoop.Settings("crypto-quotes", 1 + random.nextInt(6),
                200 + random.nextInt(3000), MAX_AGE, Duration.ofSeconds(random.nextInt(3)), random.nextBoolean(), 1,
                Duration.ofMillis(10), 2, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(30));
        if (settings.gzip() != zombieSettings.gzip()) { // keys differ by extension otherwise: a different lake
            zombieSettings = new BatchLoop.Settings("crypto-quotes", zombieSettings.maxRecords(), zombieSettings.maxBytes(),
                    MAX_AGE, zombieSettings.idleFlush(), settings.gzip(), 1, Duration.ofMillis(10), 2, Duration.ofSeconds(1),
                    Duration.ofSeconds(4), Duration.ofSeconds(30));
        }
        BatchLoop zombie = null;
        FakeLog.Consumer consumer = chaos.consumer();
        BatchLoop loop = new BatchLoop(consumer, encoder, lake, dead, alerting, metrics, clock, settings);
        loop.subscribe();
        consumer.rebalance(chaos.all());
        for (int step = 0; step < 120; step++) {
            int partition = random.nextInt(3);
            long timestamp = 1_700_000_000_000L + step * 600_000L; // 10 minutes a step: hour cuts happen too
            if (random.nextInt(10) == 0) {
                chaos.append(partition, Quotes.INVALID, timestamp);
                poison.add(partition + "@" + (chaos.end(partition) - 1));
            } else {
                chaos.append(partition, Quotes.value(step), timestamp);
            }
            switch (random.nextInt(14)) {
                case 0 -> lake.failing = !lake.failing;
                case 1 -> chaos.commitFailure = chaos.commitFailure == null ? FakeLog::timeout : null;
                case 2 -> dead.failing = !dead.failing;
                case 3 -> consumer.rebalance(chaos.all().subList(0, 1 + random.nextInt(3)));
                case 4 -> consumer.rebalance(chaos.all());
                case 5 -> { // expelled: the partitions come back from the committed offsets, as Kafka does
                    loop.onPartitionsLost(consumer.assignment());
                    consumer.rebalance(List.of());
                    consumer.rebalance(chaos.all());
                }
                case 6 -> { // SIGKILL: the state is gone; a new process reads from the committed offsets
                    consumer = chaos.consumer();
                    loop = new BatchLoop(consumer, encoder, lake, dead, alerting, metrics, clock, settings);
                    loop.subscribe();
                    consumer.rebalance(chaos.all());
                }
                case 7 -> {
                    chaos.commitFailure = FakeLog::rebalanced;
                    loop.pollOnce();
                    chaos.commitFailure = null;
                }
                case 8 -> { // a zombie: another instance that believes it owns the partitions, with its own batch sizes
                    FakeLog.Consumer z = chaos.consumer();
                    zombie = new BatchLoop(z, encoder, lake, dead, alerting, metrics, clock, zombieSettings);
                    zombie.subscribe();
                    z.rebalance(chaos.all());
                    pollRefused(chaos, zombie);
                }
                case 9 -> { // the zombie wakes up later, its view of the committed offsets stale by now
                    if (zombie != null) {
                        pollRefused(chaos, zombie);
                    }
                }
                default -> { }
            }
            clock.advance(Duration.ofSeconds(random.nextInt(40)));
            loop.pollOnce();
        }
        lake.failing = false;
        dead.failing = false;
        chaos.commitFailure = null;
        consumer.rebalance(chaos.all());
        for (int i = 0; i < 400 && !caughtUp(chaos); i++) { // max-per-poll records a poll: give it time
            clock.advance(Duration.ofSeconds(10));
            loop.pollOnce();
        }
        StringBuilder states = new StringBuilder();
        for (TopicPartition tp : chaos.all()) {
            PartitionWriter st = loop.writer(tp);
            states.append("\n").append(tp).append(" paused=").append(consumer.paused().contains(tp))
                    .append(" assigned=").append(consumer.assignment().contains(tp))
                    .append(consumer.assignment().contains(tp) ? " position=" + consumer.position(tp) : "")
                    .append(st == null ? " no state" : " " + st);
        }
        loop.finish();

        Map<Integer, List<Long>> expected = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            int partition = p;
            expected.put(p, chaos.offsets(Set.of()).get(p).stream().filter(o -> !poison.contains(partition + "@" + o)).toList());
            assertThat(chaos.committed.get(chaos.tp(p))).as("seed %d: partition %d committed to its end; %s", seed, p, states)
                    .isEqualTo(chaos.end(p));
        }
        try {
            assertEveryOffsetExactlyOnce(lake.objects, expected);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
        assertThat(dead.sent).extracting(r -> r.partition() + "@" + r.offset()).as("seed %d: every poison record", seed)
                .containsAll(poison);
    }
}
