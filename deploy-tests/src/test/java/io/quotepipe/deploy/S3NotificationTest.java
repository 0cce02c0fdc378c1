package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loader is notified of exactly the batch objects the consumer writes, as quote-core's S3BatchKey lays them out,
 * and never of what it writes itself (quarantine/), which would loop.
 */
class S3NotificationTest {

    private static final Template TEMPLATE = Template.load();
    private static final AppModule CORE = AppModule.of("quote-core");

    static final String PREFIX = CORE.stringConstant("S3BatchKey", "PREFIX");
    static final String QUARANTINE_PREFIX = CORE.stringConstant("S3BatchKey", "QUARANTINE_PREFIX");
    static final Pattern BATCH_KEY = Pattern.compile(CORE.stringConstant("S3BatchKey", "KEY"));
    /** What the stages record in the lake for the pipeline panel (docs/design.md, "Pipeline records"). */
    static final String ALERTS_PREFIX = CORE.stringConstant("RecordedAlertSink", "PREFIX");
    static final String POLLER_RECORD = AppModule.of("poller-function").stringConstant("PollRecorder", "KEY");
    static final String LOADER_RECORD = AppModule.of("s3-to-dynamo-function").stringConstant("LoadRecorder", "KEY");
    static final String LAG_PREFIX = AppModule.of("consumer-service").stringConstant("LagRecorder", "PREFIX");
    static final String DEAD_LETTER_PREFIX = AppModule.of("consumer-service").stringConstant("LakeDeadLetters", "PREFIX");

    /** A key as the consumer writes it by default: gzip unless quotepipe.consumer.gzip says otherwise. */
    static String sampleBatchKey() {
        boolean gzip = Boolean.parseBoolean(AppModule.of("consumer-service").value("quotepipe.consumer.gzip", Map.of()).orElseThrow());
        return PREFIX + "dt=2026-11-21/hour=18/crypto-quotes-0-0000000000000000042.jsonl" + (gzip ? ".gz" : "");
    }

    @Test
    void sampleBatchKeyIsOneS3BatchKeyParses() {
        assertThat(sampleBatchKey()).matches(BATCH_KEY);
    }

    @Test
    void loaderIsNotifiedOfEveryObjectCreatedInTheLakeBucket() {
        Map<?, ?> event = s3Event();
        assertThat(event.get("Type")).isEqualTo("S3");
        Map<?, ?> p = (Map<?, ?>) event.get("Properties");
        assertThat(p.get("Bucket")).isEqualTo(Map.of("Ref", "QuotesBucket"));
        assertThat(Iam.strings(p.get("Events"))).containsExactly("s3:ObjectCreated:*");
    }

    @Test
    void filterPassesBatchObjects() {
        assertThat(passes(sampleBatchKey())).isTrue();
        assertThat(filter()).containsEntry("prefix", PREFIX);
    }

    @Test
    void filterStopsQuarantineObjects_soTheLoaderDoesNotTriggerItself() {
        String quarantined = QUARANTINE_PREFIX + sampleBatchKey() + ".errors.jsonl";
        assertThat(passes(quarantined)).isFalse();
    }

    @Test
    void filterStopsThePipelinePanelsRecords_soStatusAlertAndDeadLetterObjectsNeverTriggerALoad() {
        List<String> records = List.of(POLLER_RECORD, LOADER_RECORD, LAG_PREFIX + "quotepipe-consumer/crypto-quotes-0.json",
                DEAD_LETTER_PREFIX + "crypto-quotes-0-0000000000000000042.json",
                ALERTS_PREFIX + "dt=2026-11-21/2026-11-21T18:05:00.000Z-poller-provider-failover-0123456789ab.json");
        assertThat(records).allSatisfy(key -> assertThat(passes(key)).as(key).isFalse());
    }

    @Test
    void sampleS3EventsAreBatchObjectsTheFilterPasses() {
        List<Path> samples = Repo.files(Repo.path("events"), ".json");
        int s3Samples = 0;
        for (Path sample : samples) {
            Object json = CfnYaml.load(Repo.read(sample));
            if (json instanceof Map<?, ?> event && event.get("Records") instanceof List<?> records) {
                for (Object r : records) {
                    Map<?, ?> record = (Map<?, ?>) r;
                    assertThat(record.get("eventSource")).isEqualTo("aws:s3");
                    assertThat((String) record.get("eventName")).startsWith("ObjectCreated:");
                    String raw = (String) ((Map<?, ?>) ((Map<?, ?>) record.get("s3")).get("object")).get("key");
                    // S3 URL-encodes keys in notifications; the filter applies to the key itself.
                    String key = URLDecoder.decode(raw, StandardCharsets.UTF_8);
                    assertThat(key).as(Repo.relative(sample)).matches(BATCH_KEY);
                    assertThat(passes(key)).as(Repo.relative(sample)).isTrue();
                    s3Samples++;
                }
            }
        }
        assertThat(s3Samples).as("S3 sample events in events/").isPositive();
    }

    @Test
    void loaderMayReadBatchesAndWriteQuarantine_consumerMayWriteBatches_andEachStageOnlyItsOwnPanelRecords() {
        for (String stage : List.of("prod", "dev")) {
            Evaluation ev = TEMPLATE.evaluate(Map.of("Stage", stage, "ConsumerImageTag", "0.1.0"));
            String bucketArn = "arn:aws:s3:::" + ev.eval(Map.of("Ref", "QuotesBucket"));
            Deployed loader = Deployed.of(TEMPLATE, "s3-to-dynamo-function");
            Deployed consumer = Deployed.of(TEMPLATE, "consumer-service");
            assertThat(resourcesOf(ev, loader, "s3:GetObject")).as("loader, stage " + stage).containsExactly(bucketArn + "/" + PREFIX + "*");
            assertThat(resourcesOf(ev, loader, "s3:PutObject")).as("loader, stage " + stage).containsExactlyInAnyOrder(
                    bucketArn + "/" + QUARANTINE_PREFIX + "*", bucketArn + "/" + LOADER_RECORD, bucketArn + "/" + ALERTS_PREFIX + "*");
            assertThat(resourcesOf(ev, consumer, "s3:PutObject")).as("consumer, stage " + stage).containsExactlyInAnyOrder(
                    bucketArn + "/" + PREFIX + "*", bucketArn + "/" + LAG_PREFIX + "*", bucketArn + "/" + DEAD_LETTER_PREFIX + "*",
                    bucketArn + "/" + ALERTS_PREFIX + "*");
            Deployed poller = Deployed.of(TEMPLATE, "poller-function");
            assertThat(resourcesOf(ev, poller, "s3:PutObject")).as("poller, stage " + stage).containsExactlyInAnyOrder(
                    bucketArn + "/" + POLLER_RECORD, bucketArn + "/" + ALERTS_PREFIX + "*");
        }
    }

    @Test
    void consumerWritesToTheLakeBucket() {
        Evaluation ev = TEMPLATE.defaults();
        Deployed consumer = Deployed.of(TEMPLATE, "consumer-service");
        assertThat(consumer.app().value("quotepipe.s3.bucket", consumer.environment(ev))).contains((String) ev.eval(Map.of("Ref", "QuotesBucket")));
    }

    private static List<String> resourcesOf(Evaluation ev, Deployed app, String action) {
        return Iam.ofRole(ev, app.role()).stream().filter(s -> s.actions().contains(action))
                .flatMap(s -> s.resources().stream()).toList();
    }

    static Map<?, ?> s3Event() {
        Deployed loader = Deployed.of(TEMPLATE, "s3-to-dynamo-function");
        Map<?, ?> events = (Map<?, ?>) TEMPLATE.rawProperties(loader.resource()).get("Events");
        assertThat(events).as("events of the loader").hasSize(1);
        return (Map<?, ?>) events.values().iterator().next();
    }

    static Map<String, String> filter() {
        Map<?, ?> s3Key = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) s3Event().get("Properties")).get("Filter")).get("S3Key");
        Map<String, String> rules = new java.util.TreeMap<>();
        for (Object r : (List<?>) s3Key.get("Rules")) {
            Map<?, ?> rule = (Map<?, ?>) r;
            rules.put(((String) rule.get("Name")).toLowerCase(java.util.Locale.ROOT), (String) rule.get("Value"));
        }
        return rules;
    }

    static boolean passes(String key) {
        Map<String, String> f = filter();
        return key.startsWith(f.getOrDefault("prefix", "")) && key.endsWith(f.getOrDefault("suffix", ""));
    }
}
