package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ECS task runs consumer-service as the service expects: its health endpoint, its shutdown time, its resources. */
class ConsumerServiceTest {

    private static final Template TEMPLATE = Template.load();
    private static final Evaluation DEFAULTS = TEMPLATE.defaults();
    private static final Deployed CONSUMER = Deployed.of(TEMPLATE, "consumer-service");

    private static Map<String, Object> container() {
        return Template.map(Template.list(DEFAULTS.properties(CONSUMER.resource()).get("ContainerDefinitions")).get(0));
    }

    @Test
    void healthCheckCallsTheEndpointTheServiceServes() {
        String command = String.join(" ", Iam.strings(Template.map(container().get("HealthCheck")).get("Command")));
        String port = CONSUMER.app().value("quarkus.http.port", CONSUMER.environment(DEFAULTS)).orElse("8080");
        assertThat(command).as("the container health check calls the port the service listens on").contains("http://localhost:" + port + "/q/health/live");
        String health = "io.quarkus:quarkus-smallrye-health";
        if (!AppGaps.dependencies(CONSUMER.module()).containsKey(health)) {
            assertThat(CONSUMER.app().dependencies()).as("/q/health is served by " + health).contains(health);
        }
        assertThat(CONSUMER.app().applicationProperties().getProperty("quarkus.management.enabled", "false"))
                .as("with the management interface on, /q/health moves to port 9000").isEqualTo("false");
    }

    @Test
    void stopTimeoutLeavesTheServiceItsShutdownTime() {
        int stopTimeout = (Integer) container().get("StopTimeout");
        CONSUMER.app().value("quotepipe.consumer.shutdown-timeout", CONSUMER.environment(DEFAULTS)).ifPresent(shutdown ->
                assertThat(Duration.ofSeconds(stopTimeout)).as("StopTimeout against quotepipe.consumer.shutdown-timeout=" + shutdown)
                        .isGreaterThan(FunctionPackagingTest.duration(shutdown)));
    }

    @Test
    void logsGoToTheStacksLogGroup() {
        Map<String, Object> options = Template.map(Template.map(container().get("LogConfiguration")).get("Options"));
        assertThat(options).containsEntry("awslogs-group", DEFAULTS.eval(Map.of("Ref", "ConsumerLogGroup")));
    }

    @Test
    void runsOnlyOnceAnImageTagIsGiven() {
        Evaluation noImage = TEMPLATE.evaluate(Map.of());
        assertThat(List.of("ConsumerTaskDefinition", "ConsumerService", "ConsumerScalableTarget")).noneMatch(noImage::exists);
        assertThat(noImage.exists("ConsumerRepository")).isTrue();
    }
}
