package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One name per thing, wherever it is deployed from: the apps' own defaults (and docs/design.md for what no app names yet),
 * template.yaml with Stage=prod, terraform/'s defaults and localstack/'s init scripts.
 */
class NamesAgreeTest {

    private static final Template TEMPLATE = Template.load();
    private static final Evaluation PROD = TEMPLATE.defaults();

    /**
     * Names docs/design.md gives that no app code names (the apps read quotepipe.alerts.topic-arn, an ARN),
     * checked against the document.
     */
    static final Map<String, String> DESIGN_ONLY = Map.of("SNS topic", "quotepipe-alerts");

    static String designName(String what) {
        String name = DESIGN_ONLY.get(what);
        Path design = Repo.ROOT.resolve("docs/design.md");
        assertThat(Repo.read(design)).as("docs/design.md names the " + what).contains(what + " `" + name + "`");
        return name;
    }

    /** The names the apps use by default, from their own configuration. */
    static Map<String, String> appNames() {
        Map<String, String> names = new LinkedHashMap<>();
        AppModule consumer = AppModule.of("consumer-service");
        KafkaUse consumed = KafkaUse.of(consumer, Map.of());
        names.put("bucket", consumer.value("quotepipe.s3.bucket", Map.of()).orElseThrow());
        names.put("table", AppModule.of("s3-to-dynamo-function").value("quotepipe.dynamodb.table", Map.of()).orElseThrow());
        names.put("kafka topic", AppModule.of("poller-function").value("quotepipe.kafka.topic", Map.of()).orElseThrow());
        names.put("dead-letter topic", consumed.produces().iterator().next());
        names.put("consumer group", consumed.groups().iterator().next());
        names.put("alerts topic", designName("SNS topic"));
        return names;
    }

    @Test
    void theAppsAgreeAmongThemselves() {
        KafkaUse consumed = KafkaUse.of(AppModule.of("consumer-service"), Map.of());
        assertThat(consumed.consumes()).containsExactly(appNames().get("kafka topic"));
        assertThat(consumed.produces()).containsExactly(appNames().get("kafka topic") + "-dlq");
    }

    /**
     * Every provider the poller implements (the {@code ID} constant of each class in its provider package, read from
     * the source, so that providers added there are checked as they come) may be chosen in the template's Providers.
     */
    @Test
    void everyProviderOfThePollerMayBeDeployed() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        Pattern id = Pattern.compile("static final String ID = \"([a-z0-9]+)\";");
        for (Path source : Repo.files(Repo.path("poller-function", "src", "main", "java", "io", "quotepipe", "poller", "provider"), ".java")) {
            id.matcher(Repo.read(source)).results().forEach(m -> ids.add(m.group(1)));
        }
        assertThat(ids).as("provider ids in the poller's source").contains("simulated");
        String allowed = (String) Template.map(TEMPLATE.parameters().get("Providers")).get("AllowedPattern");
        for (String provider : ids) {
            assertThat(provider).as("Providers' AllowedPattern " + allowed + " accepts the poller's provider").matches(allowed);
        }
    }

    @Test
    void templateUsesTheAppsNames() {
        Map<String, String> names = appNames();
        assertThat((String) PROD.eval(Map.of("Ref", "QuotesBucket"))).startsWith(names.get("bucket") + "-");
        assertThat(PROD.eval(Map.of("Ref", "QuotesTable"))).isEqualTo(names.get("table"));
        assertThat(PROD.properties("AlertsTopic").get("TopicName")).isEqualTo(names.get("alerts topic"));
        assertThat(TEMPLATE.parameterDefault("KafkaTopic")).isEqualTo(names.get("kafka topic"));
        Deployed consumer = Deployed.of(TEMPLATE, "consumer-service");
        KafkaUse kafka = KafkaUse.of(consumer.app(), consumer.environment(PROD));
        assertThat(kafka.produces()).containsExactly(names.get("dead-letter topic"));
        assertThat(kafka.groups()).containsExactly(names.get("consumer group"));
    }

    @Test
    void terraformDefaultsAreTheTemplatesNames() {
        Map<String, String> defaults = terraformDefaults();
        Map<String, String> names = appNames();
        assertThat(defaults).containsEntry("bucket_name_prefix", names.get("bucket"))
                .containsEntry("table_name", names.get("table"))
                .containsEntry("alerts_topic_name", names.get("alerts topic"))
                .containsEntry("kafka_topic", names.get("kafka topic"))
                .containsEntry("poll_schedule", (String) TEMPLATE.parameterDefault("PollSchedule"))
                .containsEntry("stage", (String) TEMPLATE.parameterDefault("Stage"));
        String code = TerraformTest.code(TerraformTest.TF.resolve("modules/consumer"));
        assertThat(code).contains("consumer_group = \"" + names.get("consumer group") + "\"");
        // The consumer derives its dead-letter topic from its topic: so does the grant (no variable that could disagree).
        assertThat(names.get("dead-letter topic")).isEqualTo(names.get("kafka topic") + "-dlq");
        assertThat(code).contains("dead_letter_topic = \"${var.kafka_topic}-dlq\"");
        for (Map.Entry<String, String> e : templateOnlyNames().entrySet()) {
            String all = allTerraform();
            assertThat(all).as("terraform names the " + e.getKey() + " " + e.getValue())
                    .containsPattern("\"" + Pattern.quote(e.getValue()) + "(\"|\\$\\{)");
        }
    }

    @Test
    void localstackUsesTheSameNames() {
        Map<String, String> ls = LocalstackTest.names();
        Map<String, String> names = appNames();
        assertThat(ls).containsEntry("QUOTEPIPE_S3_BUCKET", names.get("bucket"))
                .containsEntry("QUOTEPIPE_DYNAMODB_TABLE", names.get("table"))
                .containsEntry("QUOTEPIPE_ALERTS_TOPIC", names.get("alerts topic"))
                .containsEntry("QUOTEPIPE_KAFKA_TOPIC", names.get("kafka topic"))
                .containsEntry("QUOTEPIPE_KAFKA_DLQ_TOPIC", names.get("dead-letter topic"))
                .containsEntry("QUOTEPIPE_POLL_SCHEDULE", (String) TEMPLATE.parameterDefault("PollSchedule"));
        Map<String, String> templateOnly = templateOnlyNames();
        assertThat(ls).containsEntry("QUOTEPIPE_POLLER_FUNCTION", templateOnly.get("poller function"))
                .containsEntry("QUOTEPIPE_LOADER_FUNCTION", templateOnly.get("loader function"))
                .containsEntry("QUOTEPIPE_POLLER_DLQ", templateOnly.get("poller dead-letter queue"))
                .containsEntry("QUOTEPIPE_LOADER_DLQ", templateOnly.get("loader dead-letter queue"))
                .containsEntry("QUOTEPIPE_POLL_SCHEDULE_RULE", templateOnly.get("schedule rule"));
        Map<?, ?> services = (Map<?, ?>) ((Map<?, ?>) CfnYaml.load(Repo.read(LocalstackTest.DIR.resolve("docker-compose.yml")))).get("services");
        Map<?, ?> consumerEnv = (Map<?, ?>) ((Map<?, ?>) services.get("consumer")).get("environment");
        assertThat(consumerEnv.get("QUOTEPIPE_S3_BUCKET")).isEqualTo(names.get("bucket"));
        assertThat(consumerEnv.get("QUOTEPIPE_KAFKA_TOPIC")).isEqualTo(names.get("kafka topic"));
    }

    @Test
    void sampleEventsNameTheScheduleRuleAndTheBucketOfTheLocalRun() {
        String scheduled = Repo.read("events", "scheduled-event.json");
        assertThat(scheduled).contains(":rule/" + templateOnlyNames().get("schedule rule") + "\"");
        assertThat(Repo.read("events", "s3-object-created.json")).contains("\"name\": \"" + appNames().get("bucket") + "\"");
    }

    /** Names template.yaml gives (with Stage=prod) that no app reads. */
    static Map<String, String> templateOnlyNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("poller function", (String) PROD.eval(Map.of("Ref", "PollerFunction")));
        names.put("loader function", (String) PROD.eval(Map.of("Ref", "LoaderFunction")));
        names.put("poller dead-letter queue", (String) PROD.eval(Map.of("Fn::GetAtt", java.util.List.of("PollerDeadLetterQueue", "QueueName"))));
        names.put("loader dead-letter queue", (String) PROD.eval(Map.of("Fn::GetAtt", java.util.List.of("LoaderDeadLetterQueue", "QueueName"))));
        Map<?, ?> schedule = (Map<?, ?>) ((Map<?, ?>) PROD.properties("PollerFunction").get("Events")).get("PollSchedule");
        names.put("schedule rule", (String) ((Map<?, ?>) schedule.get("Properties")).get("Name"));
        names.put("ECR repository", (String) PROD.eval(Map.of("Ref", "ConsumerRepository")));
        names.put("ECS cluster", (String) PROD.eval(Map.of("Ref", "ConsumerCluster")));
        names.put("Glue database", (String) PROD.eval(Map.of("Ref", "LakeDatabase")));
        return names;
    }

    private static Map<String, String> terraformDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Hcl.Block v : Hcl.blocks(TerraformTest.TF.resolve("variables.tf"), "variable")) {
            v.attribute("default").flatMap(Hcl::stringLiteral).ifPresent(d -> defaults.put(v.label(0), d));
        }
        return defaults;
    }

    private static String allTerraform() {
        StringBuilder all = new StringBuilder();
        for (Path f : Repo.files(TerraformTest.TF, ".tf")) {
            all.append(Repo.read(f)).append('\n');
        }
        return all.toString();
    }
}
