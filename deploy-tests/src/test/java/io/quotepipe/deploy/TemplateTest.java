package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * template.yaml under every way users deploy it: our evaluation of it (which the cross-checks with the code rely on)
 * resolves everything, and its Rules refuse what cannot work. That references resolve and types fit is cfn-lint's
 * job (CfnLintTest), what SAM makes of it the translator's (SamTranslationTest).
 */
class TemplateTest {


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
}
