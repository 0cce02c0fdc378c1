package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** template.yaml as CloudFormation and SAM will take it: every reference resolves, under every way users deploy it. */
class TemplateTest {

    private static final Set<String> PSEUDO = Set.of("AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName",
            "AWS::StackId", "AWS::URLSuffix", "AWS::NoValue", "AWS::NotificationARNs");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final Template template = Template.load();

    @Test
    void isASamTemplate() {
        assertThat(template.root).containsEntry("AWSTemplateFormatVersion", "2010-09-09")
                .containsEntry("Transform", "AWS::Serverless-2016-10-31");
    }

    @Test
    void describesEveryParameterAndOutput() {
        template.parameters().forEach((name, p) ->
                assertThat(((Map<?, ?>) p).get("Description")).as("Description of parameter " + name).asString().isNotBlank());
        template.section("Outputs").forEach((name, o) ->
                assertThat(((Map<?, ?>) o).get("Description")).as("Description of output " + name).asString().isNotBlank());
    }

    @Test
    void pollsEveryFiveMinutesByDefault() {
        assertThat(template.parameterDefault("PollSchedule")).isEqualTo("rate(5 minutes)");
        Map<?, ?> schedule = (Map<?, ?>) ((Map<?, ?>) template.rawProperties("PollerFunction").get("Events")).get("PollSchedule");
        assertThat(schedule.get("Type")).isEqualTo("Schedule");
        assertThat(template.defaults().eval(((Map<?, ?>) schedule.get("Properties")).get("Schedule"))).isEqualTo("rate(5 minutes)");
    }

    @Test
    void referencesOnlyWhatExists() {
        List<String> problems = new ArrayList<>();
        Set<String> conditions = template.section("Conditions").keySet();
        template.resources().forEach((id, r) -> {
            Map<?, ?> resource = (Map<?, ?>) r;
            Object condition = resource.get("Condition");
            if (condition != null && !conditions.contains(condition)) {
                problems.add(id + ": Condition " + condition + " is not defined");
            }
            for (String dependency : Iam.strings(resource.get("DependsOn"))) {
                if (!template.resources().containsKey(dependency)) {
                    problems.add(id + ": DependsOn " + dependency + " is not a resource");
                }
            }
            check(resource.get("Properties"), id, problems);
        });
        check(template.section("Conditions"), "Conditions", problems);
        check(template.section("Outputs"), "Outputs", problems);
        check(template.section("Rules"), "Rules", problems);
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.quotepipe.deploy.Template#variants")
    void resolvesEveryResourceAndOutput(Map<String, Object> variant) {
        Evaluation ev = template.evaluate(variant);
        assertThat(rulesBroken(ev)).as("Rules with " + Template.describe(variant)).isEmpty();
        for (String id : template.resources().keySet()) {
            if (ev.exists(id)) {
                assertThatCode(() -> ev.properties(id)).as(id + " with " + Template.describe(variant)).doesNotThrowAnyException();
            }
        }
        template.section("Outputs").forEach((name, o) -> {
            Map<?, ?> output = (Map<?, ?>) o;
            Object condition = output.get("Condition");
            if (condition == null || ev.condition((String) condition)) {
                assertThat(ev.string(output.get("Value"))).as("output " + name).doesNotContain("<");
            }
        });
    }

    @Test
    void rulesRefuseIamAuthWithoutTheCluster() {
        Evaluation ev = template.evaluate(Map.of("KafkaAuth", "IAM", "MskClusterArn", ""));
        assertThat(rulesBroken(ev)).containsExactly("IamAuthNamesTheCluster");
    }

    @Test
    void rulesRefuseScramWithoutTheSecret() {
        Evaluation ev = template.evaluate(Map.of("KafkaAuth", "SASL_SCRAM"));
        assertThat(rulesBroken(ev)).containsExactly("ScramAuthNamesTheSecret");
    }

    private List<String> rulesBroken(Evaluation ev) {
        List<String> broken = new ArrayList<>();
        template.section("Rules").forEach((name, r) -> {
            Map<?, ?> rule = (Map<?, ?>) r;
            if (rule.get("RuleCondition") == null || (Boolean) ev.eval(rule.get("RuleCondition"))) {
                for (Object a : (List<?>) rule.get("Assertions")) {
                    if (!(Boolean) ev.eval(((Map<?, ?>) a).get("Assert"))) {
                        broken.add(name);
                    }
                }
            }
        });
        return broken;
    }

    private void check(Object node, String where, List<String> problems) {
        if (node instanceof Map<?, ?> map) {
            if (Template.isIntrinsic(map)) {
                Map.Entry<?, ?> e = map.entrySet().iterator().next();
                checkIntrinsic((String) e.getKey(), e.getValue(), where, problems);
            }
            map.values().forEach(v -> check(v, where, problems));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> check(v, where, problems));
        }
    }

    private void checkIntrinsic(String function, Object arg, String where, List<String> problems) {
        switch (function) {
            case "Ref" -> {
                String name = (String) arg;
                if (!PSEUDO.contains(name) && !template.parameters().containsKey(name) && !template.resources().containsKey(name)) {
                    problems.add(where + ": Ref " + name + " names no parameter or resource");
                }
            }
            case "Fn::GetAtt" -> {
                String id = (String) ((List<?>) arg).get(0);
                if (!template.resources().containsKey(id)) {
                    problems.add(where + ": GetAtt " + id + " names no resource");
                }
            }
            case "Fn::If", "Condition" -> {
                String condition = (String) (arg instanceof List<?> l ? l.get(0) : arg);
                if (!template.section("Conditions").containsKey(condition)) {
                    problems.add(where + ": condition " + condition + " is not defined");
                }
            }
            case "Fn::Sub" -> {
                String text = (String) (arg instanceof List<?> l ? l.get(0) : arg);
                Set<?> variables = arg instanceof List<?> l ? ((Map<?, ?>) l.get(1)).keySet() : Set.of();
                Matcher m = SUB_VARIABLE.matcher(text);
                while (m.find()) {
                    String name = m.group(1);
                    String head = name.startsWith("AWS::") ? name : name.split("\\.")[0];
                    if (!name.startsWith("!") && !variables.contains(name) && !PSEUDO.contains(head)
                            && !template.parameters().containsKey(head) && !template.resources().containsKey(head)) {
                        problems.add(where + ": ${" + name + "} in Fn::Sub names nothing");
                    }
                }
            }
            default -> {
            }
        }
    }
}
