package io.quotepipe.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each app's role grants exactly what its code calls (derived from the SDK client calls in its sources, and from the
 * Kafka topics and group its configuration names), what its platform needs (logs, dead letters, the image), and
 * nothing more: every statement has a Sid, names its resources, and no action has a wildcard.
 */
class IamTest {

    /** Actions that take no resource-level permission: "*" is their only resource. */
    static final Set<String> RESOURCE_STAR_ONLY = Set.of("ecr:GetAuthorizationToken");

    private static final Template TEMPLATE = Template.load();

    static List<Deployed> apps() {
        return Deployed.in(TEMPLATE);
    }

    static List<String> roles() {
        return TEMPLATE.ofType("AWS::IAM::Role");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roles")
    void everyStatementHasASidNamedResourcesAndNoWildcardAction(String role) {
        for (Map<String, Object> variant : Template.variants()) {
            Evaluation ev = TEMPLATE.evaluate(variant);
            Set<String> sids = new HashSet<>();
            for (Iam.Statement s : Iam.ofRole(ev, role)) {
                String where = role + " " + s.policy() + " " + s.sid() + " with " + Template.describe(variant);
                assertThat(s.sid()).as("Sid in " + where).isNotBlank();
                assertThat(sids.add(s.policy() + "/" + s.sid())).as("unique Sid " + where).isTrue();
                assertThat(s.effect()).as(where).isEqualTo("Allow");
                assertThat(s.actions()).as("actions of " + where).isNotEmpty().noneMatch(a -> a.contains("*"));
                assertThat(s.resources()).as("resources of " + where).isNotEmpty().noneMatch(r -> r.contains("<"));
                if (s.resources().contains("*")) {
                    assertThat(RESOURCE_STAR_ONLY).as("only actions without resource-level permissions take \"*\": " + where)
                            .containsAll(s.actions());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void grantsExactlyTheAwsCallsOfTheCode(Deployed app) {
        Evaluation ev = TEMPLATE.defaults();
        Set<String> granted = new TreeSet<>();
        for (Iam.Statement s : Iam.ofRole(ev, app.role())) {
            s.actions().stream().filter(a -> !platform(ev, app, a, s)).forEach(granted::add);
        }
        Set<String> called = IamActions.forCalls(app.app().sdkCalls());
        Set<String> expected = new TreeSet<>(called);
        expected.addAll(AppGaps.actions(app.module()).keySet());
        assertThat(granted).as("actions granted to " + app + " besides its platform's; its code calls " + app.app().sdkCalls()
                + " (known gaps in " + AppGaps.FILE + ")").isEqualTo(expected);
        for (String gap : AppGaps.actions(app.module()).keySet()) {
            assertThat(called).as(app.module() + " now calls " + gap + ": delete it from " + AppGaps.FILE).doesNotContain(gap);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void grantsTheKafkaTopicsAndGroupTheAppUses_withIamAuth(Deployed app) {
        Evaluation ev = TEMPLATE.defaults();
        String cluster = (String) ev.parameters.get("MskClusterArn");
        KafkaUse kafka = KafkaUse.of(app.app(), app.environment(ev));
        Map<String, Set<String>> granted = new TreeMap<>();
        for (Iam.Statement s : Iam.ofRole(ev, app.role())) {
            for (String action : s.actions()) {
                if (action.startsWith("kafka-cluster:")) {
                    for (String arn : s.resources()) {
                        String resource = KafkaUse.resourceOf(arn, cluster)
                                .orElseThrow(() -> new AssertionError(s.sid() + " of " + app.role() + " grants " + action + " on " + arn
                                        + ", which is not the cluster " + cluster + " or one of its topics or groups"));
                        granted.computeIfAbsent(resource, k -> new TreeSet<>()).add(action);
                    }
                }
            }
        }
        assertThat(granted).as("MSK IAM grants of " + app + ", which " + kafka).isEqualTo(kafka.requiredActions());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void grantsNoKafkaActions_withoutIamAuth(Deployed app) {
        Evaluation ev = TEMPLATE.evaluate(Map.of("KafkaAuth", "NONE", "MskClusterArn", "", "ConsumerImageTag", "0.1.0"));
        assertThat(Iam.ofRole(ev, app.role())).flatExtracting(Iam.Statement::actions).noneMatch(a -> a.startsWith("kafka-cluster:"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void managedPoliciesOnlyWhereThePlatformNeedsThem(Deployed app) {
        Evaluation ev = TEMPLATE.defaults();
        List<String> expected = new ArrayList<>();
        if (app.lambda() && ev.properties(app.resource()).containsKey("VpcConfig")) {
            // Only the ENI rights: AWSLambdaVPCAccessExecutionRole would also grant logs:* on every log group.
            expected.add("arn:aws:iam::aws:policy/service-role/AWSLambdaENIManagementAccess");
        }
        assertThat(Iam.managedPolicies(ev, app.role())).as("managed policies of " + app.role()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void roleIsAssumedOnlyByItsService(Deployed app) {
        Map<?, ?> trust = (Map<?, ?>) TEMPLATE.defaults().properties(app.role()).get("AssumeRolePolicyDocument");
        List<?> statements = (List<?>) trust.get("Statement");
        assertThat(statements).hasSize(1);
        Map<?, ?> statement = (Map<?, ?>) statements.get(0);
        assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", app.lambda() ? "lambda.amazonaws.com" : "ecs-tasks.amazonaws.com"));
        assertThat(statement.get("Action")).isEqualTo("sts:AssumeRole");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void ecsPullsOnlyTheStacksImageAndWritesOnlyItsLogGroup(Deployed app) {
        if (app.lambda()) {
            return;
        }
        Evaluation ev = TEMPLATE.defaults();
        Map<?, ?> task = ev.properties(app.resource());
        Object getAtt = ((Map<?, ?>) TEMPLATE.rawProperties(app.resource()).get("ExecutionRoleArn")).get("Fn::GetAtt");
        String executionRole = (String) ((List<?>) getAtt).get(0);
        Map<?, ?> container = (Map<?, ?>) ((List<?>) task.get("ContainerDefinitions")).get(0);
        String image = (String) container.get("Image");
        String logGroup = (String) ((Map<?, ?>) ((Map<?, ?>) container.get("LogConfiguration")).get("Options")).get("awslogs-group");
        for (Iam.Statement s : Iam.ofRole(ev, executionRole)) {
            for (String action : s.actions()) {
                if (action.startsWith("ecr:") && !RESOURCE_STAR_ONLY.contains(action)) {
                    assertThat(s.resources()).singleElement().satisfies(arn ->
                            assertThat(image).as("image pulled with " + arn).startsWith(repositoryUri(arn) + ":"));
                } else if (action.startsWith("logs:")) {
                    assertThat(s.resources()).containsExactly(logGroupArn(logGroup));
                } else {
                    assertThat(RESOURCE_STAR_ONLY).as(action + " in the execution role").contains(action);
                }
            }
        }
    }

    /** Grants the platform needs to run the app, each checked against what the template wires. */
    private static boolean platform(Evaluation ev, Deployed app, String action, Iam.Statement s) {
        if (action.startsWith("kafka-cluster:")) {
            return true; // checked against the app's topics and group in its own test
        }
        Map<String, Object> p = ev.properties(app.resource());
        if (action.equals("logs:CreateLogStream") || action.equals("logs:PutLogEvents")) {
            assertThat(app.lambda()).as(app.role() + ": the task role needs no log permission (the execution role ships logs)").isTrue();
            String logGroup = (String) ((Map<?, ?>) p.get("LoggingConfig")).get("LogGroup");
            assertThat(s.resources()).as(action + " of " + app).containsExactly(logGroupArn(logGroup));
            return true;
        }
        if (action.equals("sqs:SendMessage") && app.lambda()) {
            Map<?, ?> onFailure = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) p.get("EventInvokeConfig")).get("DestinationConfig")).get("OnFailure");
            assertThat(s.resources()).as("sqs:SendMessage of " + app + " goes to its on-failure destination")
                    .containsExactly((String) onFailure.get("Destination"));
            return true;
        }
        return false;
    }

    private static String logGroupArn(String name) {
        return "arn:aws:logs:" + Template.REGION + ":" + Template.ACCOUNT + ":log-group:" + name + ":*";
    }

    private static String repositoryUri(String repositoryArn) {
        String name = repositoryArn.substring(repositoryArn.indexOf(":repository/") + ":repository/".length());
        return Template.ACCOUNT + ".dkr.ecr." + Template.REGION + ".amazonaws.com/" + name;
    }
}
