package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.quotepipe.deploy.Template.list;
import static io.quotepipe.deploy.Template.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code sam deploy} makes of template.yaml, as AWS's SAM translator (aws-sam-translator, the library behind the
 * AWS::Serverless transform) produces it for several parameter sets. These are the checks our own reading of the
 * template could not make: the versions and aliases SAM generates, and what each trigger really invokes.
 */
class SamTranslationTest {

    /** A second valid value for each parameter, to see what changes when a user changes it. */
    private static final Map<String, Object> OTHER_VALUES = Map.ofEntries(
            Map.entry("Stage", "dev"),
            Map.entry("AlertEmail", "oncall@example.com"),
            Map.entry("KafkaBootstrapServers", "b-2.quotepipe.abc123.c2.kafka.us-east-1.amazonaws.com:9098"),
            Map.entry("KafkaAuth", "NONE"),
            Map.entry("MskClusterArn", "arn:aws:kafka:us-east-1:123456789012:cluster/other/99999999-2222-3333-4444-555555555555-1"),
            Map.entry("KafkaTopic", "prices"),
            Map.entry("SubnetIds", List.of("subnet-0ccccccccccccccc1")),
            Map.entry("SecurityGroupIds", List.of("sg-0ddddddddddddddd1")),
            Map.entry("Providers", "coincap,simulated"),
            Map.entry("ProviderApiKeysParameterPath", "/quotepipe/other"),
            Map.entry("PollSchedule", "rate(1 minute)"),
            Map.entry("HistoryRetentionDays", "30"),
            Map.entry("QuarantineRetentionDays", "7"),
            Map.entry("LogRetentionDays", "7"),
            Map.entry("FunctionRuntime", "native"),
            Map.entry("Architecture", "arm64"),
            Map.entry("ConsumerImageTag", "0.2.0"),
            Map.entry("ConsumerCapacityProvider", "FARGATE_SPOT"),
            Map.entry("ConsumerMaxCount", "5"),
            Map.entry("ConsumerAssignPublicIp", "ENABLED"));

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9:]+)(?:\\.[A-Za-z.]+)?}");

    static List<Map<String, Object>> variants() {
        return Template.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void translates(Map<String, Object> variant) {
        Tool.Result result = Translated.run(Translated.answers(variant));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /**
     * SAM publishes a function's version under a name made of its code and its template text, never of parameter
     * values. A trigger that invokes an alias therefore keeps running the old configuration after a parameter change,
     * unless the change renames the function (CloudFormation then replaces it and its version).
     */
    @Test
    void everyParameterThatReachesAFunction_reachesWhatItsTriggersInvoke() {
        Map<String, Object> base = Translated.of(Translated.answers(Map.of("ConsumerImageTag", "0.1.0")));
        Template template = Template.load();
        List<String> stale = new ArrayList<>();
        for (String function : template.ofType("AWS::Serverless::Function")) {
            Set<String> invoked = invokedTargets(base, function);
            assertThat(invoked).as("what invokes " + function).isNotEmpty();
            for (String target : invoked) {
                if (target.equals(function)) {
                    continue; // the function itself ($LATEST): every configuration change is live at once
                }
                assertThat(target).as(function + " is invoked through its alias").isEqualTo(function + "Aliaslive");
                for (String parameter : reaching(template, function)) {
                    assertThat(OTHER_VALUES).as("a second value of parameter " + parameter + " in OTHER_VALUES").containsKey(parameter);
                    Map<String, Object> changed = Translated.of(Translated.answers(Map.of("ConsumerImageTag", "0.1.0", parameter, OTHER_VALUES.get(parameter))));
                    boolean newVersion = !versionOf(base, target).equals(versionOf(changed, target));
                    // A new name replaces the function, and with it the version (its FunctionName changes).
                    boolean renamed = !String.valueOf(template.evaluate(Map.of("ConsumerImageTag", "0.1.0")).properties(function).get("FunctionName"))
                            .equals(String.valueOf(template.evaluate(Map.of("ConsumerImageTag", "0.1.0", parameter, OTHER_VALUES.get(parameter)))
                                    .properties(function).get("FunctionName")));
                    if (!newVersion && !renamed) {
                        stale.add(function + ": " + parameter + "=" + OTHER_VALUES.get(parameter) + " leaves alias " + target
                                + " on version " + versionOf(changed, target));
                    }
                }
            }
        }
        assertThat(stale).as("a parameter change that the schedule, the S3 trigger or the API would not see").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void noRoleHasAManagedPolicyThatGrantsMoreThanItsENIs(Map<String, Object> variant) {
        Map<String, Object> t = Translated.of(Translated.answers(variant));
        for (String role : Translated.ofType(t, "AWS::IAM::Role")) {
            for (Object arn : (List<?>) Translated.properties(t, role).getOrDefault("ManagedPolicyArns", List.of())) {
                // AWSLambdaVPCAccessExecutionRole would also grant logs:* on every log group.
                String text = String.valueOf(arn instanceof Map<?, ?> sub ? sub.get("Fn::Sub") : arn);
                assertThat(text).as(role + " managed policy").endsWith(":policy/service-role/AWSLambdaENIManagementAccess");
            }
        }
    }

    /** The password of a SASL/SCRAM user would be readable by anyone who may describe the function or the task. */
    @Test
    void noAuthenticationPutsACredentialIntoAnAppsEnvironment() {
        List<?> auths = list(map(Template.load().parameters().get("KafkaAuth")).get("AllowedValues"));
        for (Object auth : auths) {
            Map<String, Object> variant = new LinkedHashMap<>(Map.of("KafkaAuth", auth, "ConsumerImageTag", "0.1.0"));
            if (Template.load().parameters().containsKey("KafkaScramSecretArn")) {
                variant.put("KafkaScramSecretArn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_quotepipe-AbCdEf");
            }
            String translated = Translated.run(Translated.answers(variant)).out();
            assertThat(translated).as("KafkaAuth=" + auth).doesNotContain("resolve:secretsmanager").doesNotContain("password=");
        }
    }

    @Test
    void queryApiIsAnHttpApiInvokingTheQueryFunctionsAlias_withPayload2() {
        Map<String, Object> t = Translated.of(Translated.answers(Map.of()));
        List<String> apis = Translated.ofType(t, "AWS::ApiGatewayV2::Api");
        assertThat(apis).as("HTTP APIs").hasSize(1);
        Map<String, Object> defaultRoute = map(map(map(map(Translated.properties(t, apis.get(0)).get("Body")).get("paths")).get("$default"))
                .get("x-amazon-apigateway-any-method"));
        Map<String, Object> integration = map(defaultRoute.get("x-amazon-apigateway-integration"));

        assertThat(integration).containsEntry("payloadFormatVersion", "2.0").containsEntry("type", "aws_proxy");
        assertThat(String.valueOf(integration.get("uri"))).contains("${QueryFunctionAliaslive}");
        assertThat(String.valueOf(Translated.properties(t, "QueryFunction").get("Code"))).contains("query-service/target/function.zip");
    }

    @Test
    void queryFunctionMayOnlyReadTheTableAndTheLakesListingAndQuarantine() {
        Map<String, Object> t = Translated.of(Translated.answers(Map.of()));
        Set<String> actions = new TreeSet<>();
        for (Object policy : list(Translated.properties(t, "QueryRole").get("Policies"))) {
            for (Object statement : list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                Object action = map(statement).get("Action");
                for (Object a : action instanceof List<?> l ? l : List.of(action)) {
                    actions.add((String) a);
                }
                assertThat(map(statement).get("Effect")).isEqualTo("Allow");
            }
        }
        // The pipeline panel lists quotes/ and quarantine/ and counts quarantine lines (IamTest ties both to its code).
        assertThat(actions).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query", "dynamodb:DescribeTable",
                "s3:ListBucket", "s3:GetObject", "logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(Translated.properties(t, "QueryRole").get("ManagedPolicyArns")).isNull();
    }

    /** The logical id of the version an alias points at. */
    private static String versionOf(Map<String, Object> t, String alias) {
        Object version = Translated.properties(t, alias).get("FunctionVersion");
        return String.valueOf(list(map(version).get("Fn::GetAtt")).get(0));
    }

    /**
     * Logical ids of what the triggers of {@code function} invoke: an EventBridge rule's target, the bucket
     * notification, an HTTP API integration. Either the function itself or one of its aliases.
     */
    private static Set<String> invokedTargets(Map<String, Object> t, String function) {
        Set<String> targets = new TreeSet<>();
        for (String rule : Translated.ofType(t, "AWS::Events::Rule")) {
            for (Object target : list(Translated.properties(t, rule).get("Targets"))) {
                collect(map(target).get("Arn"), function, targets);
            }
        }
        for (String bucket : Translated.ofType(t, "AWS::S3::Bucket")) {
            Object notification = Translated.properties(t, bucket).get("NotificationConfiguration");
            if (notification != null) {
                for (Object c : list(map(notification).getOrDefault("LambdaConfigurations", List.of()))) {
                    collect(map(c).get("Function"), function, targets);
                }
            }
        }
        for (String api : Translated.ofType(t, "AWS::ApiGatewayV2::Api")) {
            Matcher m = SUB_VARIABLE.matcher(String.valueOf(Translated.properties(t, api).get("Body")));
            while (m.find()) {
                if (m.group(1).startsWith(function)) {
                    targets.add(m.group(1));
                }
            }
        }
        return targets;
    }

    private static void collect(Object arn, String function, Set<String> targets) {
        String target = arn instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> g ? (String) g.get(0)
                : arn instanceof Map<?, ?> m2 && m2.get("Ref") instanceof String r ? r : null;
        if (target != null && target.startsWith(function)) {
            targets.add(target);
        }
    }

    /**
     * Parameters that reach a function's configuration in the SAM template: referenced by its properties, directly or
     * through a condition, or through the name of a resource it references (e.g. the table's name depends on Stage).
     */
    static Set<String> reaching(Template template, String function) {
        Set<String> parameters = new TreeSet<>();
        walk(template, template.rawProperties(function), parameters, true);
        return parameters;
    }

    private static void walk(Template template, Object node, Set<String> parameters, boolean followResources) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (key.equals("Ref") && e.getValue() instanceof String name) {
                    reference(template, name, parameters, followResources);
                } else if (key.equals("Fn::GetAtt") && e.getValue() instanceof List<?> g) {
                    reference(template, String.valueOf(g.get(0)), parameters, followResources);
                } else if (key.equals("Fn::Sub")) {
                    Object text = e.getValue() instanceof List<?> l ? l.get(0) : e.getValue();
                    Matcher matcher = SUB_VARIABLE.matcher(String.valueOf(text));
                    while (matcher.find()) {
                        reference(template, matcher.group(1), parameters, followResources);
                    }
                    walk(template, e.getValue(), parameters, followResources);
                } else if ((key.equals("Fn::If") && e.getValue() instanceof List<?> branches)) {
                    condition(template, String.valueOf(branches.get(0)), parameters);
                    walk(template, branches.subList(1, branches.size()), parameters, followResources);
                } else if (key.equals("Condition") && e.getValue() instanceof String c) {
                    condition(template, c, parameters);
                } else {
                    walk(template, e.getValue(), parameters, followResources);
                }
            }
        } else if (node instanceof List<?> l) {
            l.forEach(item -> walk(template, item, parameters, followResources));
        }
    }

    private static void reference(Template template, String name, Set<String> parameters, boolean followResources) {
        if (template.parameters().containsKey(name)) {
            parameters.add(name);
        } else if (followResources && template.resources().containsKey(name)) {
            // Only what names the resource: a role's policies are not the function's configuration.
            template.rawProperties(name).forEach((key, value) -> {
                if (key.endsWith("Name")) {
                    walk(template, value, parameters, false);
                }
            });
        }
    }

    private static void condition(Template template, String name, Set<String> parameters) {
        walk(template, template.section("Conditions").get(name), parameters, false);
    }
}
