package io.quotepipe.loader;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.core.Quote;
import io.quotepipe.core.Times;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.quarkus.LocalCloudResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static io.quotepipe.loader.Fixtures.line;
import static io.quotepipe.loader.Fixtures.plain;
import static io.quotepipe.loader.Fixtures.put;
import static io.quotepipe.loader.Fixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the loader records in the lake for the dashboard's pipeline panel, on the local cloud's S3 and DynamoDB:
 * {@code status/loader.json} after each load, and its alerts under {@code alerts/} (docs/design.md, "Pipeline records").
 */
@QuarkusTest
@QuarkusTestResource(value = LocalCloudResource.class, restrictToAnnotatedClass = true)
class LoadRecordIT {

    @Inject
    LoaderHandler handler;
    @Inject
    Clock clock;

    static LocalCloud cloud;
    static Fixtures.Notifications notifications;

    @BeforeAll
    static void listen() {
        cloud = LocalCloud.shared();
        notifications = new Fixtures.Notifications(cloud);
    }

    @AfterAll
    static void stopListening() throws Exception {
        notifications.close();
    }

    @Test
    void recordsTheLastLoadedObjectAndWhen_andTheLoadersAlert_inTheLake() throws Exception {
        Instant t = Instant.parse("2026-11-21T20:05:00.000Z");
        Quote good = quote("REC", "coincap", t, "7.5");
        String key = "quotes/dt=2026-11-21/hour=20/recorded-0-0000000000000000000.jsonl";
        put(cloud, key, plain(List.of(line(good, 0), "not json")), null);
        Instant before = Times.millis(clock.instant());

        LoadSummary summary = handler.handleRequest(Fixtures.parse(notifications.eventFor(key)), null).get(0);

        JsonNode record = Fixtures.JSON.readTree(Fixtures.get(cloud, LoadRecorder.KEY));
        assertThat(record.path("key").asText()).isEqualTo(key);
        assertThat(record.path("lines").asLong()).isEqualTo(2);
        assertThat(record.path("items").asLong()).isEqualTo(summary.items()).isEqualTo(1);
        assertThat(record.path("quarantined").asLong()).isEqualTo(1);
        assertThat(Times.parse(record.path("loadedAt").asText())).isBetween(before, clock.instant());

        String bucket = cloud.endpoints().bucket();
        List<String> alerts = cloud.s3Client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix("alerts/")).contents()
                .stream().map(S3Object::key).filter(k -> k.contains("-loader-lines-quarantined-")).toList();
        assertThat(alerts).anySatisfy(k -> assertThat(Fixtures.get(cloud, k)).contains(key, "\"kind\":\"lines-quarantined\""));
    }
}
