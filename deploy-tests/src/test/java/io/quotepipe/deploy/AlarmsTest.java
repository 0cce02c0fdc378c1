package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures the apps cannot report themselves reach the SNS topic quotepipe-alerts as CloudWatch alarms: function
 * errors, events that exhausted their retries, schedule failures, consumer lag, a stopped consumer. (Quarantined lines
 * and dead letters the apps publish to the topic themselves, rate-limited, as docs/design.md says.)
 */
class AlarmsTest {

    private static final Template TEMPLATE = Template.load();
    private static final Evaluation DEFAULTS = TEMPLATE.defaults();

    @Test
    void everyAlarmNotifiesTheAlertTopic() {
        Object topic = DEFAULTS.eval(Map.of("Ref", "AlertsTopic"));
        List<String> alarms = DEFAULTS.existing("AWS::CloudWatch::Alarm");
        assertThat(alarms).isNotEmpty();
        for (String alarm : alarms) {
            assertThat(Template.list(DEFAULTS.properties(alarm).get("AlarmActions"))).as(alarm).contains(topic);
            assertThat((String) DEFAULTS.properties(alarm).get("AlarmDescription")).as(alarm + " says what happened").isNotBlank();
        }
    }

    @Test
    void everyFunctionHasAnErrorsAlarm() {
        for (Deployed fn : Deployed.in(TEMPLATE)) {
            if (fn.lambda()) {
                Object name = DEFAULTS.eval(Map.of("Ref", fn.resource()));
                assertThat(alarmsOn("AWS/Lambda", "Errors")).as("Errors alarm of " + fn)
                        .anySatisfy(a -> assertThat(dimensions(a)).containsEntry("FunctionName", name));
            }
        }
    }

    @Test
    void everyDeadLetterQueueHasAnAlarm() {
        for (Deployed fn : Deployed.in(TEMPLATE)) {
            if (!fn.lambda()) {
                continue;
            }
            Map<?, ?> config = (Map<?, ?>) DEFAULTS.properties(fn.resource()).get("EventInvokeConfig");
            if (config == null) {
                continue; // invoked synchronously (the query API): the caller sees the error, there is nothing to dead-letter
            }
            String destination = (String) ((Map<?, ?>) ((Map<?, ?>) config.get("DestinationConfig")).get("OnFailure")).get("Destination");
            String queue = destination.substring(destination.lastIndexOf(':') + 1);
            assertThat(alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible")).as("dead-letter alarm of " + fn)
                    .anySatisfy(a -> assertThat(dimensions(a)).containsEntry("QueueName", queue));
        }
    }

    @Test
    void scheduleFailuresAlarmOnTheRuleThePollerEventCreates() {
        Map<?, ?> schedule = (Map<?, ?>) ((Map<?, ?>) DEFAULTS.properties("PollerFunction").get("Events")).get("PollSchedule");
        Object rule = ((Map<?, ?>) schedule.get("Properties")).get("Name");
        assertThat(alarmsOn("AWS/Events", "FailedInvocations")).anySatisfy(a -> assertThat(dimensions(a)).containsEntry("RuleName", rule));
    }

    @Test
    void consumerLagAlarmWatchesTheGroupAndTopicTheConsumerUses() {
        Deployed consumer = Deployed.of(TEMPLATE, "consumer-service");
        KafkaUse kafka = KafkaUse.of(consumer.app(), consumer.environment(DEFAULTS));
        String cluster = (String) DEFAULTS.parameters.get("MskClusterArn");
        String clusterName = cluster.substring(cluster.indexOf(":cluster/") + 9).split("/")[0];
        assertThat(alarmsOn("AWS/Kafka", "EstimatedMaxTimeLag")).singleElement().satisfies(a -> assertThat(dimensions(a))
                .containsEntry("Consumer Group", kafka.groups().iterator().next())
                .containsEntry("Topic", kafka.consumes().iterator().next())
                .containsEntry("Cluster Name", clusterName));
    }

    @Test
    void consumerDownAlarmTreatsMissingDataAsDown() {
        assertThat(alarmsOn("AWS/ECS", "CPUUtilization")).singleElement()
                .satisfies(a -> assertThat(DEFAULTS.properties(a)).containsEntry("TreatMissingData", "breaching"));
    }

    private static List<String> alarmsOn(String namespace, String metric) {
        List<String> out = new ArrayList<>();
        for (String alarm : DEFAULTS.existing("AWS::CloudWatch::Alarm")) {
            Map<?, ?> p = DEFAULTS.properties(alarm);
            if (namespace.equals(p.get("Namespace")) && metric.equals(p.get("MetricName"))) {
                out.add(alarm);
            }
        }
        return out;
    }

    private static Map<Object, Object> dimensions(String alarm) {
        Map<Object, Object> out = new java.util.TreeMap<>();
        for (Object d : (List<?>) DEFAULTS.properties(alarm).getOrDefault("Dimensions", List.of())) {
            out.put(((Map<?, ?>) d).get("Name"), ((Map<?, ?>) d).get("Value"));
        }
        return out;
    }
}
