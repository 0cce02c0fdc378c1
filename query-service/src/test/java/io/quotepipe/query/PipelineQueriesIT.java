package io.quotepipe.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quotepipe.core.Alert;
import io.quotepipe.core.S3BatchKey;
import io.quotepipe.core.alert.RecordedAlertSink;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.query.testing.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PipelineQueries} on the local cloud's real DynamoDB and S3, without the app: which batch is the last one,
 * and what the panel says when the lake cannot be read.
 */
class PipelineQueriesIT {

    static final String TABLE = "pipeline-queries-it";
    static final Instant NOW = Instant.parse("2026-11-21T18:20:00Z");

    static LocalCloud cloud;
    static Seed seed;

    @BeforeAll
    static void seed() {
        cloud = LocalCloud.shared();
        Seed.createTable(cloud.dynamoDbClient(), TABLE);
        seed = Seed.of(NOW.minus(Duration.ofMinutes(5)));
        Seed.write(cloud.dynamoDbClient(), TABLE, seed.latest().stream().map(Seed::latestItem).toList());
    }

    private static PipelineQueries queries(String bucket) {
        return new PipelineQueries(cloud.dynamoDbClient(), cloud.s3Client(), Clock.fixed(NOW, ZoneOffset.UTC),
                new ObjectMapper(), config(bucket));
    }

    @Test
    void takesTheLastBatch_fromTheNewestHourPartition_evenWhenAnOlderOneWasRewrittenSince() {
        S3Client s3 = cloud.s3Client();
        String bucket = "pipeline-queries-it-batches";
        s3.createBucket(b -> b.bucket(bucket));
        String lastHour = new S3BatchKey("crypto-quotes", 0, 500, NOW.minus(Duration.ofMinutes(40)), true).key();
        String threeHoursAgo = new S3BatchKey("crypto-quotes", 1, 100, NOW.minus(Duration.ofHours(3)), true).key();
        s3.putObject(b -> b.bucket(bucket).key(lastHour), RequestBody.fromString("a"));
        // A replay rewrites an old batch: stored later, but not the last batch of the pipeline.
        s3.putObject(b -> b.bucket(bucket).key(threeHoursAgo), RequestBody.fromString("b"));

        PipelineStatus status = queries(bucket).status();

        assertThat(status.lastBatch().key()).isEqualTo(lastHour);
        assertThat(status.lastBatch().loaded()).isFalse();
        assertThat(status.quarantine().objects()).isZero();
    }

    @Test
    void saysTheLakeCannotBeRead_andStillAnswersFromTheTable_whenTheBucketIsMissing() {
        PipelineStatus status = queries("no-such-bucket-here").status();

        assertThat(status.lastPoll().quotes()).isEqualTo(seed.latest().size());
        assertThat(status.lastPoll().pollId()).isEqualTo(seed.latest().getFirst().pollId());
        assertThat(status.lastBatch()).isNull();
        assertThat(status.quarantine()).isNull();
        assertThat(status.notAvailable()).filteredOn(n -> n.field().equals("quarantine")).singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("bucket no-such-bucket-here cannot be read",
                        "s3:ListBucket", "quotepipe.s3.bucket"));
        assertThat(status.notAvailable()).extracting(PipelineStatus.NotAvailable::field).contains("lastBatch")
                .doesNotHaveDuplicates();
    }

    @Test
    void showsFailoversLoadTimeLagDeadLettersAndAlerts_fromTheRecordsTheStagesKeepInTheLake() {
        S3Client s3 = cloud.s3Client();
        String bucket = "pipeline-queries-it-records";
        s3.createBucket(b -> b.bucket(bucket));
        String pollId = seed.latest().getFirst().pollId();
        put(s3, bucket, "status/poller.json", "{\"pollId\":\"" + pollId + "\",\"outcome\":\"published\","
                + "\"provider\":\"coinlore\",\"quotes\":4,\"skipped\":0,\"polledAt\":\"2026-11-21T18:15:01.000Z\","
                + "\"failovers\":[{\"provider\":\"coinpaprika\",\"reason\":\"coinpaprika answered HTTP 503\"}]}");
        put(s3, bucket, "status/loader.json", "{\"key\":\"quotes/dt=2026-11-21/hour=18/crypto-quotes-0-0000000000000000500.jsonl.gz\","
                + "\"loadedAt\":\"2026-11-21T18:15:03.000Z\",\"lines\":4,\"items\":4,\"quarantined\":0}");
        for (int partition = 0; partition < 2; partition++) {
            put(s3, bucket, "status/consumer/quotepipe-consumer/crypto-quotes-" + partition + ".json",
                    "{\"group\":\"quotepipe-consumer\",\"topic\":\"crypto-quotes\",\"partition\":" + partition
                            + ",\"lag\":" + (partition * 7 + 3) + ",\"measuredAt\":\"2026-11-21T18:19:30.000Z\"}");
        }
        for (long offset : new long[] {12, 40, 41}) {
            put(s3, bucket, String.format("dead-letters/crypto-quotes-0-%019d.json", offset),
                    "{\"topic\":\"crypto-quotes\",\"partition\":0,\"offset\":" + offset
                            + ",\"kind\":\"invalid\",\"reason\":\"invalid quote: priceUsd=-1 must be greater than 0\"}");
        }
        Alert yesterday = new Alert("loader", "lines-quarantined", "2 of 4 lines", Map.of(), NOW.minus(Duration.ofHours(20)), 0);
        Alert today = new Alert("poller", "provider-failover", "poll got its quotes from coinlore", Map.of(), NOW.minusSeconds(300), 2);
        new RecordedAlertSink(a -> { }, (key, json) -> put(s3, bucket, key, json)).deliver(yesterday);
        new RecordedAlertSink(a -> { }, (key, json) -> put(s3, bucket, key, json)).deliver(today);

        PipelineStatus status = queries(bucket).status();

        assertThat(status.lastPoll().pollId()).isEqualTo(pollId);
        assertThat(status.lastPoll().source()).isEqualTo("coinlore");
        assertThat(status.lastPoll().quotes()).isEqualTo(4);
        assertThat(status.lastPoll().failovers()).containsExactly(
                new PipelineStatus.Failover("coinpaprika", "coinpaprika answered HTTP 503"));
        assertThat(status.lastLoad().loadedAt()).isEqualTo(Instant.parse("2026-11-21T18:15:03Z"));
        assertThat(status.lastLoad().loadedObject()).endsWith("crypto-quotes-0-0000000000000000500.jsonl.gz");
        assertThat(status.consumerLag().total()).isEqualTo(13);
        assertThat(status.consumerLag().partitions()).extracting(PipelineStatus.PartitionLag::lag).containsExactly(3L, 10L);
        assertThat(status.deadLetters().count()).isEqualTo(3);
        assertThat(status.deadLetters().latestReason()).contains("priceUsd=-1");
        assertThat(status.alerts()).extracting(PipelineStatus.RecordedAlert::kind)
                .containsExactly("provider-failover", "lines-quarantined");
        assertThat(status.alerts().getFirst().folded()).isEqualTo(2);
        // No batch was put in this bucket: that is the only field left without an answer.
        assertThat(status.notAvailable()).extracting(PipelineStatus.NotAvailable::field).containsExactly("lastBatch");
    }

    @Test
    void saysWhichStageHasRecordedNothingYet_whenTheLakeHoldsNoRecords() {
        String bucket = "pipeline-queries-it-empty";
        cloud.s3Client().createBucket(b -> b.bucket(bucket));

        PipelineStatus status = queries(bucket).status();

        assertThat(status.lastPoll().failovers()).isNull();
        assertThat(status.deadLetters().count()).isZero();
        assertThat(status.alerts()).isEmpty();
        assertThat(status.notAvailable()).extracting(PipelineStatus.NotAvailable::field)
                .containsExactlyInAnyOrder("lastPoll.failovers", "lastLoad.loadedAt", "lastBatch", "consumerLag");
        assertThat(status.notAvailable()).filteredOn(n -> n.field().equals("consumerLag")).singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("status/consumer/"));
    }

    private static void put(S3Client s3, String bucket, String key, String json) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(json));
    }

    private static QueryConfig config(String bucket) {
        return new QueryConfig() {
            @Override
            public Dynamodb dynamodb() {
                return () -> TABLE;
            }

            @Override
            public Query query() {
                throw new UnsupportedOperationException("not read by PipelineQueries");
            }

            @Override
            public S3 s3() {
                return () -> bucket;
            }
        };
    }
}
