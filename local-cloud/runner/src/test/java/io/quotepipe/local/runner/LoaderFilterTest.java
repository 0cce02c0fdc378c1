package io.quotepipe.local.runner;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The local run invokes the loader for the objects the deployed S3 notification filter passes, and for no other. */
class LoaderFilterTest {

    static final Path ROOT = Path.of(System.getProperty("quotepipe.home", "../..")).toAbsolutePath().normalize();

    @Test
    void passesTheSampleBatchEvent() throws IOException {
        assertThat(Pipeline.passesLoaderFilter(Files.readString(ROOT.resolve("events/s3-object-created.json")))).isTrue();
    }

    @Test
    void stopsThePipelinePanelsRecordsAndQuarantine_soTheyNeverTriggerALoad() throws IOException {
        String sample = Files.readString(ROOT.resolve("events/s3-object-created.json"));
        String batchKey = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sample)
                .path("Records").get(0).path("s3").path("object").path("key").asText();
        for (String key : new String[] {"status/poller.json", "status/loader.json",
                "status/consumer/quotepipe-consumer/crypto-quotes-0.json", "dead-letters/crypto-quotes-0-0000000000000000042.json",
                "alerts/dt%3D2026-11-21/2026-11-21T18%3A05%3A00.000Z-poller-provider-failover-0123456789ab.json",
                "quarantine/" + batchKey + ".errors.jsonl"}) {
            assertThat(Pipeline.passesLoaderFilter(sample.replace(batchKey, key))).as(key).isFalse();
        }
    }
}
