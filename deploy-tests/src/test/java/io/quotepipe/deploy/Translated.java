package io.quotepipe.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * template.yaml as CloudFormation gets it from {@code sam deploy}: translated by AWS's own SAM translator
 * (aws-sam-translator, through {@code src/test/python/sam_translate.py}) for given parameter values.
 */
final class Translated {

    private static final Map<Map<String, Object>, Map<String, Object>> CACHE = new ConcurrentHashMap<>();

    private Translated() {
    }

    /** The parameters a user must answer, as {@link Template#EXAMPLE_ANSWERS}, plus {@code overrides}. */
    static Map<String, Object> answers(Map<String, Object> overrides) {
        Map<String, Object> values = new LinkedHashMap<>(Template.EXAMPLE_ANSWERS);
        values.putAll(overrides);
        return values;
    }

    /** The translated template (JSON read as maps and lists); fails with the translator's message. */
    static Map<String, Object> of(Map<String, Object> parameters) {
        return CACHE.computeIfAbsent(Map.copyOf(parameters), Translated::translate);
    }

    static Tool.Result run(Map<String, Object> parameters) {
        return Tool.run(Repo.ROOT, List.of("python3", Repo.relative(Repo.path("deploy-tests", "src", "test", "python", "sam_translate.py")),
                "template.yaml", json(parameters)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> translate(Map<String, Object> parameters) {
        Tool.Result result = run(parameters);
        if (result.exitCode() != 0) {
            throw new AssertionError("aws-sam-translator refused template.yaml with " + parameters + ":\n" + result.output());
        }
        return (Map<String, Object>) CfnYaml.load(result.out());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resources(Map<String, Object> translated) {
        return (Map<String, Object>) translated.get("Resources");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> translated, String id) {
        Map<String, Object> resource = (Map<String, Object>) resources(translated).get(id);
        if (resource == null) {
            throw new AssertionError("the translated template has no resource " + id + "; it has " + resources(translated).keySet());
        }
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    static List<String> ofType(Map<String, Object> translated, String type) {
        return resources(translated).entrySet().stream()
                .filter(e -> type.equals(((Map<?, ?>) e.getValue()).get("Type")))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** Parameter values as the JSON object the translator takes: strings, and lists of strings. */
    static String json(Map<String, Object> parameters) {
        return parameters.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + (e.getValue() instanceof List<?> list
                        ? list.stream().map(v -> quote(String.valueOf(v))).collect(Collectors.joining(",", "[", "]"))
                        : quote(String.valueOf(e.getValue()))))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
