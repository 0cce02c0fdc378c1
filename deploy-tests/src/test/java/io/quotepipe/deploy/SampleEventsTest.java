package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** events/ holds a real-shaped sample of every event the template wires to a function, for sam local invoke. */
class SampleEventsTest {

    private static final Template TEMPLATE = Template.load();

    @Test
    void everyFileIsJsonAndListedInTheReadme() {
        String readme = Repo.read("events", "README.md");
        List<Path> samples = Repo.files(Repo.path("events"), ".json");
        assertThat(samples).hasSizeGreaterThanOrEqualTo(2);
        for (Path sample : samples) {
            assertThat(CfnYaml.load(Repo.read(sample))).as(Repo.relative(sample)).isInstanceOf(Map.class);
            assertThat(readme).as("events/README.md lists " + sample.getFileName()).contains("`" + sample.getFileName() + "`");
        }
    }

    @Test
    void everyEventTypeOfTheTemplateHasASample() {
        for (Deployed fn : Deployed.in(TEMPLATE)) {
            if (!fn.lambda()) {
                continue;
            }
            Map<?, ?> events = (Map<?, ?>) TEMPLATE.rawProperties(fn.resource()).get("Events");
            for (Object e : events.values()) {
                String type = (String) ((Map<?, ?>) e).get("Type");
                assertThat(samplesOf(type)).as("a sample " + type + " event for " + fn).isNotEmpty();
            }
        }
    }

    @Test
    void scheduledEventsAreEventBridgeScheduledEvents() {
        for (Map<String, Object> event : samplesOf("Schedule")) {
            assertThat(Template.map(event)).containsEntry("source", "aws.events").containsEntry("detail-type", "Scheduled Event")
                    .containsKeys("id", "account", "region", "resources", "detail");
            // The poller takes the scheduled time as an ISO-8601 instant.
            assertThat(Instant.parse((String) event.get("time"))).isNotNull();
        }
    }

    @Test
    void s3EventsAreObjectCreatedNotifications() {
        for (Map<String, Object> event : samplesOf("S3")) {
            for (Object r : (List<?>) event.get("Records")) {
                Map<?, ?> record = (Map<?, ?>) r;
                assertThat(Template.map(record)).containsEntry("eventSource", "aws:s3").containsKeys("eventVersion", "awsRegion", "eventTime", "s3");
                Map<?, ?> s3 = (Map<?, ?>) record.get("s3");
                assertThat(Template.map(s3.get("bucket"))).containsKeys("name", "arn");
                assertThat(Template.map(s3.get("object"))).containsKeys("key", "size", "eTag", "sequencer");
            }
        }
    }

    @Test
    void theDeadLetterSampleIsALambdaDestinationRecordOfAnS3Event() {
        Map<?, ?> record = (Map<?, ?>) CfnYaml.load(Repo.read("events", "loader-dead-letter.json"));
        assertThat(Template.map(record.get("requestContext"))).containsEntry("condition", "RetriesExhausted")
                .containsEntry("approximateInvokeCount", 3);
        assertThat(Template.map(record.get("requestPayload"))).containsKey("Records");
        assertThat((String) ((Map<?, ?>) record.get("requestContext")).get("functionArn"))
                .endsWith(":function:" + NamesAgreeTest.templateOnlyNames().get("loader function") + ":$LATEST"); // no alias: see template.yaml
    }

    private static List<Map<String, Object>> samplesOf(String type) {
        return Repo.files(Repo.path("events"), ".json").stream()
                .map(p -> Template.map(CfnYaml.load(Repo.read(p))))
                .filter(e -> switch (type) {
                    case "Schedule" -> "Scheduled Event".equals(e.get("detail-type"));
                    case "S3" -> e.get("Records") instanceof List<?> records && !records.isEmpty()
                            && "aws:s3".equals(((Map<?, ?>) records.get(0)).get("eventSource"));
                    // API Gateway HTTP API, payload format 2.0
                    case "HttpApi" -> "2.0".equals(e.get("version")) && e.get("requestContext") instanceof Map<?, ?> c && c.get("http") != null;
                    default -> false;
                })
                .toList();
    }
}
