package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What template.yaml gives each app in its environment is what the app reads: the keys are derived from the app's
 * own sources (@ConfigMapping interfaces, application.properties), so that a renamed or removed key fails here.
 */
class EnvironmentTest {

    private static final Template TEMPLATE = Template.load();

    static List<Deployed> apps() {
        return Deployed.in(TEMPLATE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void everyVariableIsReadByTheApp(Deployed app) {
        Map<String, String> unread = new TreeMap<>();
        for (String variable : app.allEnvironmentKeys(TEMPLATE)) {
            if (EnvironmentRules.whyRead(app.app(), variable).isEmpty() && !AppGaps.environment(app.module()).containsKey(variable)) {
                unread.put(variable, "no config key of " + app.module() + " reads it");
            }
        }
        assertThat(unread).as("variables " + app + " is given but does not read (rename them, or list a known gap in "
                + AppGaps.FILE + ")").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void knownGapsAreStillGaps(Deployed app) {
        Set<String> given = app.allEnvironmentKeys(TEMPLATE);
        AppGaps.environment(app.module()).forEach((variable, why) -> {
            assertThat(given).as(AppGaps.FILE + " lists " + variable + " for " + app + ", which the template no longer gives")
                    .contains(variable);
            assertThat(EnvironmentRules.whyRead(app.app(), variable))
                    .as(app.module() + " now reads " + variable + ": delete its entry from " + AppGaps.FILE).isEmpty();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void everyRequiredKeyIsGiven(Deployed app) {
        for (Map<String, Object> variant : Template.variants()) {
            Evaluation ev = TEMPLATE.evaluate(variant);
            if (!ev.exists(app.resource())) {
                continue;
            }
            Map<String, String> env = app.environment(ev);
            for (ConfigKey key : app.app().mappingKeys()) {
                if (key.required()) {
                    assertThat(app.app().value(key.name(), env))
                            .as(key.name() + " (" + key.origin() + ") has no default: the template must set " + key.envName()
                                    + " for " + app + " with " + Template.describe(variant))
                            .isPresent();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void setsNoVariableLambdaReserves(Deployed app) {
        if (app.lambda()) {
            assertThat(app.allEnvironmentKeys(TEMPLATE)).noneMatch(EnvironmentRules.LAMBDA_RESERVED::contains);
        }
    }

    @Test
    void pollerAndConsumerConnectToKafkaTheSameWay() {
        Deployed poller = Deployed.of(TEMPLATE, "poller-function");
        Deployed consumer = Deployed.of(TEMPLATE, "consumer-service");
        for (Map<String, Object> variant : Template.variants()) {
            Evaluation ev = TEMPLATE.evaluate(variant);
            if (!ev.exists(consumer.resource())) {
                continue;
            }
            assertThat(kafka(consumer.environment(ev))).as(Template.describe(variant)).isEqualTo(kafka(poller.environment(ev)))
                    .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL");
        }
    }

    @Test
    void kafkaClientSettingsFitEachAuthentication() {
        Deployed poller = Deployed.of(TEMPLATE, "poller-function");
        Map<String, String> iam = kafka(poller.environment(TEMPLATE.evaluate(Map.of("KafkaAuth", "IAM"))));
        assertThat(iam).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SASL_MECHANISM", "AWS_MSK_IAM")
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "software.amazon.msk.auth.iam.IAMLoginModule required;")
                .containsEntry("KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
        // No SASL_SCRAM: its password would sit in the environment (SamTranslationTest.noAuthenticationPutsACredentialIntoAnAppsEnvironment).
        Map<String, String> none = kafka(poller.environment(TEMPLATE.evaluate(Map.of("KafkaAuth", "NONE", "MskClusterArn", ""))));
        assertThat(none).containsOnlyKeys("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_SECURITY_PROTOCOL")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
    }

    /** A class named in a KAFKA_*_CLASS variable must be on the app's classpath: its artifact is a dependency of the module. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void kafkaClassesAreOnTheAppsClasspath(Deployed app) {
        Map<String, String> artifactOf = Map.of("software.amazon.msk.auth.iam.", "software.amazon.msk:aws-msk-iam-auth");
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> variant : Template.variants()) {
            Evaluation ev = TEMPLATE.evaluate(variant);
            if (!ev.exists(app.resource())) {
                continue;
            }
            app.environment(ev).forEach((variable, value) -> artifactOf.forEach((pkg, artifact) -> {
                if (variable.startsWith("KAFKA_") && value.contains(pkg) && !app.app().dependencies().contains(artifact)
                        && !missing.contains(artifact)) {
                    missing.add(artifact);
                }
            }));
        }
        missing.removeAll(AppGaps.dependencies(app.module()).keySet());
        assertThat(missing).as(app.module() + " needs these dependencies for the Kafka settings the template gives it").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void knownDependencyGapsAreStillGaps(Deployed app) {
        AppGaps.dependencies(app.module()).keySet().forEach(artifact -> assertThat(app.app().dependencies())
                .as(app.module() + " now depends on " + artifact + ": delete its entry from " + AppGaps.FILE)
                .doesNotContain(artifact));
    }

    private static Map<String, String> kafka(Map<String, String> env) {
        Map<String, String> kafka = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("KAFKA_")) {
                kafka.put(k, v);
            }
        });
        return kafka;
    }
}
