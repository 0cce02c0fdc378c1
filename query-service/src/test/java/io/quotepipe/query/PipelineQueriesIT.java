package io.quotepipe.query;

import io.quotepipe.core.S3BatchKey;
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
                config(bucket));
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
        assertThat(status.notAvailable()).extracting(PipelineStatus.NotAvailable::field).contains("lastBatch");
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
