package io.quotepipe.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The SAM template, read as CloudFormation reads it, and evaluated for given parameter values ({@link Evaluation}).
 */
final class Template {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";
    static final String PARTITION = "aws";

    /** Fake answers to {@code sam deploy --guided} for the parameters a user must give. */
    static final Map<String, Object> EXAMPLE_ANSWERS = Map.of(
            "AlertEmail", "ops@example.com",
            "KafkaBootstrapServers", "b-1.quotepipe.abc123.c2.kafka.us-east-1.amazonaws.com:9098",
            "SubnetIds", List.of("subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"),
            "SecurityGroupIds", List.of("sg-0bbbbbbbbbbbbbbb1"),
            "MskClusterArn", "arn:aws:kafka:us-east-1:123456789012:cluster/quotepipe/11111111-2222-3333-4444-555555555555-1");

    private static Template loaded;

    final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    static synchronized Template load() {
        if (loaded == null) {
            loaded = parse(Repo.read("template.yaml"));
        }
        return loaded;
    }

    @SuppressWarnings("unchecked")
    static Template parse(String yaml) {
        return new Template((Map<String, Object>) CfnYaml.load(yaml));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> section(String name) {
        Object section = root.get(name);
        return section == null ? Map.of() : (Map<String, Object>) section;
    }

    Map<String, Object> parameters() {
        return section("Parameters");
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> resource(String id) {
        Map<String, Object> resource = (Map<String, Object>) resources().get(id);
        if (resource == null) {
            throw new IllegalArgumentException("template.yaml has no resource " + id);
        }
        return resource;
    }

    String type(String id) {
        return (String) resource(id).get("Type");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> rawProperties(String id) {
        Object properties = resource(id).get("Properties");
        return properties == null ? Map.of() : (Map<String, Object>) properties;
    }

    List<String> ofType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, r) -> {
            if (type.equals(((Map<?, ?>) r).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    @SuppressWarnings("unchecked")
    Object parameterDefault(String name) {
        Map<String, Object> parameter = (Map<String, Object>) parameters().get(name);
        return parameter == null ? null : parameter.get("Default");
    }

    /** Defaults, then the example answers, then {@code overrides}. */
    Evaluation evaluate(Map<String, Object> overrides) {
        Map<String, Object> values = new LinkedHashMap<>();
        parameters().forEach((name, p) -> {
            Object def = ((Map<?, ?>) p).get("Default");
            if (def != null) {
                values.put(name, def);
            }
        });
        values.putAll(EXAMPLE_ANSWERS);
        values.putAll(overrides);
        for (String name : parameters().keySet()) {
            if (!values.containsKey(name)) {
                throw new IllegalStateException("parameter " + name + " has no default: add an example answer to Template.EXAMPLE_ANSWERS");
            }
        }
        return new Evaluation(this, values);
    }

    /** The deployment as {@code sam deploy --guided} makes it with the defaults and a consumer image. */
    Evaluation defaults() {
        return evaluate(Map.of("ConsumerImageTag", "0.1.0"));
    }

    /**
     * Parameter sets that together take every branch of every condition: each is a way users deploy the stack, and
     * each satisfies the template's Rules.
     */
    static List<Map<String, Object>> variants() {
        return List.of(
                Map.of(),
                Map.of("ConsumerImageTag", "0.1.0"),
                Map.of("ConsumerImageTag", "0.1.0", "Stage", "dev", "FunctionRuntime", "native", "Architecture", "arm64",
                        "HistoryRetentionDays", 0, "ProviderApiKeysParameterPath", "/quotepipe/dev/providers",
                        "Providers", "livecoinwatch,coincap,simulated", "ConsumerCapacityProvider", "FARGATE_SPOT"),
                Map.of("KafkaAuth", "NONE", "MskClusterArn", "", "ConsumerAssignPublicIp", "ENABLED"),
                Map.of("ConsumerImageTag", "0.1.0", "KafkaAuth", "NONE", "MskClusterArn", ""));
    }

    static String describe(Map<String, Object> variant) {
        return variant.isEmpty() ? "defaults" : variant.toString();
    }

    static boolean isIntrinsic(Object node) {
        return node instanceof Map<?, ?> map && map.size() == 1
                && map.keySet().iterator().next() instanceof String key
                && (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::"));
    }

    /** A YAML or JSON mapping, typed for assertions. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) Objects.requireNonNull(node, "expected a mapping, found nothing");
    }

    /** A YAML or JSON sequence, typed for assertions. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return (List<Object>) Objects.requireNonNull(node, "expected a sequence, found nothing");
    }
}
