package io.quotepipe.loader;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.lambda.LambdaFunctionSpec;
import io.quotepipe.local.lambda.LambdaHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static io.quotepipe.loader.Fixtures.gzip;
import static io.quotepipe.loader.Fixtures.lines;
import static io.quotepipe.loader.Fixtures.plain;
import static io.quotepipe.loader.Fixtures.put;
import static io.quotepipe.loader.Fixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built function ({@code target/function.zip}) run as Lambda runs it: AWS's runtime interface client in a JVM
 * of its own, with Lambda's JVM options, invoked through the Lambda Runtime API with the notifications the S3
 * emulator raised. Memory size 192 MB: Lambda's JVM gets 85 % of it as heap, about 163 MiB. (At 128 MB, Lambda's
 * smallest, the process alone used 143 MB, more than Lambda would allow.)
 */
class LoaderLambdaIT {

    static final Path ROOT = Path.of(System.getProperty("quotepipe.home", "..")).toAbsolutePath().normalize();
    static final Path WORK_DIR = ROOT.resolve("s3-to-dynamo-function/target/lambda-it");
    static final Path FUNCTION_ZIP = Path.of(System.getProperty("loader.function.zip", "target/function.zip"));
    static final int MEMORY_MB = 192;
    /**
     * Half the heap as bytes; read into memory with its quotes parsed it would need more than the heap. (It was 200 MB
     * with a 512 MB heap while history was written with BatchWriteItem; one conditional put per line made that object
     * outlast the 10-minute timeout on dynalite, so the object and the memory shrank together.)
     */
    static final long BIG_OBJECT_BYTES = 75L * 1000 * 1000;

    static LocalCloud cloud;
    static Fixtures.Notifications notifications;
    static LambdaHost loader;

    @BeforeAll
    static void startFunction() throws IOException {
        Files.deleteIfExists(WORK_DIR.resolve("quotepipe-loader.log")); // the log of this run only
        cloud = LocalCloud.shared();
        notifications = new Fixtures.Notifications(cloud);
        Map<String, String> env = new HashMap<>(cloud.environment());
        Path workDir = WORK_DIR;
        loader = LambdaHost.start(LambdaFunctionSpec.of("quotepipe-loader", FUNCTION_ZIP, workDir)
                .withMemoryMb(MEMORY_MB)
                .withTimeout(Duration.ofMinutes(10))
                .withEnvironment(env)
                .withLogFile(workDir.resolve("quotepipe-loader.log")));
    }

    @AfterAll
    static void stopFunction() throws Exception {
        if (loader != null) {
            loader.close();
        }
        notifications.close();
    }

    @Test
    void loadsEveryRecordOfAnS3Event_decodingTheKeys_throughTheLambdaRuntime() throws IOException {
        Instant t = Instant.parse("2026-11-22T09:00:00.000Z");
        String spaced = "quotes/dt=2026-11-22/hour=09/re run=2-0-0000000000000000000.jsonl";
        String gzipped = "quotes/dt=2026-11-22/hour=09/crypto-quotes-1-0000000000000000042.jsonl.gz";
        String foreign = "quarantine/quotes/dt=2026-11-22/hour=09/old.jsonl.errors.jsonl";
        put(cloud, spaced, plain(lines(List.of(quote("LHA", "coincap", t, "10.5")))), null);
        put(cloud, gzipped, gzip(lines(List.of(quote("LHB", "coincap", t, "20.5"), quote("LHB", "finnhub", t, "20.4")))), null);
        put(cloud, foreign, plain(List.of("{}")), null);

        JsonNode response = Fixtures.JSON.readTree(loader.invoke(notifications.eventFor(spaced, gzipped, foreign)));

        assertThat(response).hasSize(2);
        assertThat(response.get(0).path("key").asText()).isEqualTo(spaced);
        assertThat(response.get(0).path("items").asLong()).isEqualTo(1);
        assertThat(response.get(1).path("key").asText()).isEqualTo(gzipped);
        assertThat(response.get(1).path("items").asLong()).isEqualTo(2);
        Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, List.of("LHA", "LHB"));
        assertThat(items.get("LATEST|COIN#LHB").get("source").s()).as("same time: the greater source").isEqualTo("finnhub");
        assertThat(items.get("OHLC#1h#LHB|2026-11-22T09:00:00.000Z").get("open").n()).as("same time: the lower price").isEqualTo("20.4");
        assertThat(items.get("COIN#LHA|TS#2026-11-22T09:00:00.000Z#coincap").get("s3Key").s()).isEqualTo(spaced);
        assertThat(Files.readString(WORK_DIR.resolve("quotepipe-loader.log")))
                .contains("ignored s3://" + cloud.endpoints().bucket() + "/" + foreign);
    }

    @Test
    void loadsA75MbObject_withA163MbHeap() throws IOException {
        // 100 coins every minute, about 390 bytes a line: some 192,000 lines. Written as a stream into a multipart
        // upload, so this test holds one 8 MiB part, never the object.
        String key = "quotes/dt=2026-11-23/hour=00/big-0-0000000000000000000.jsonl.gz";
        Instant t0 = Instant.parse("2026-11-23T00:00:00.000Z");
        long lines = 0;
        MultipartUpload upload = new MultipartUpload(cloud.s3Client(), cloud.endpoints().bucket(), key);
        try (OutputStream gzip = new GZIPOutputStream(upload, 64 * 1024);
             Writer out = new OutputStreamWriter(gzip, StandardCharsets.UTF_8)) {
            CountingWriter counted = new CountingWriter(out);
            while (counted.bytes < BIG_OBJECT_BYTES) {
                Quote q = quote(String.format("BIG%03d", lines % 100), "simulated", t0.plus(Duration.ofMinutes(lines / 100)),
                        new BigDecimal(100_000 + lines % 997).movePointLeft(2).toPlainString());
                counted.write(Fixtures.line(q, lines) + "\n");
                lines++;
            }
        }

        JsonNode summary = Fixtures.JSON.readTree(loader.invoke(notifications.eventFor(key))).get(0);

        assertThat(summary.path("lines").asLong()).isEqualTo(lines);
        assertThat(summary.path("items").asLong()).isEqualTo(lines);
        assertThat(summary.path("quarantined").asLong()).isZero();
        Map<String, Map<String, AttributeValue>> items = Fixtures.items(cloud, List.of("BIG042"));
        assertThat(items.keySet()).filteredOn(k -> k.startsWith("COIN#")).hasSize((int) ((lines - 42 + 99) / 100));
        assertThat(items.get("LATEST|COIN#BIG042").get("observedAt").s()).isEqualTo(
                io.quotepipe.core.Times.format(t0.plus(Duration.ofMinutes((lines - 1 - (lines - 1 - 42) % 100) / 100))));
    }

    /** Counts UTF-8 bytes of ASCII text as it goes by. */
    static final class CountingWriter {
        final Writer out;
        long bytes;

        CountingWriter(Writer out) {
            this.out = out;
        }

        void write(String ascii) throws IOException {
            out.write(ascii);
            bytes += ascii.length();
        }
    }
}
