package io.quotepipe.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An app as template.yaml deploys it: a Lambda function (its module is in its CodeUri) or an ECS task definition (its
 * module in the resource's {@code Metadata.Module}), with the IAM role its code runs with.
 *
 * @param module   the Maven module, e.g. {@code poller-function}
 * @param resource the template's logical id
 * @param lambda   a Lambda function (else an ECS task)
 * @param role     logical id of the role the code runs with
 */
record Deployed(String module, String resource, boolean lambda, String role) {

    static final String FUNCTION_ZIP = "/target/function.zip";

    static List<Deployed> in(Template t) {
        List<Deployed> apps = new ArrayList<>();
        for (String id : t.ofType("AWS::Serverless::Function")) {
            Map<String, Object> p = t.rawProperties(id);
            String codeUri = (String) p.get("CodeUri");
            if (codeUri == null || !codeUri.endsWith(FUNCTION_ZIP)) {
                throw new IllegalStateException(id + ": CodeUri " + codeUri + " is not <module>" + FUNCTION_ZIP);
            }
            apps.add(new Deployed(codeUri.substring(0, codeUri.length() - FUNCTION_ZIP.length()), id, true, roleOf(id, p.get("Role"))));
        }
        for (String id : t.ofType("AWS::ECS::TaskDefinition")) {
            Object metadata = t.resource(id).get("Metadata");
            String module = metadata instanceof Map<?, ?> m ? (String) m.get("Module") : null;
            if (module == null) {
                throw new IllegalStateException(id + ": an ECS task definition names the module it runs in Metadata.Module");
            }
            apps.add(new Deployed(module, id, false, roleOf(id, t.rawProperties(id).get("TaskRoleArn"))));
        }
        return apps;
    }

    static Deployed of(Template t, String module) {
        return in(t).stream().filter(d -> d.module.equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml deploys no " + module));
    }

    private static String roleOf(String id, Object role) {
        if (role instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof List<?> getAtt && "Arn".equals(getAtt.get(1))) {
            return (String) getAtt.get(0);
        }
        throw new IllegalStateException(id + ": its role is given as !GetAtt <Role>.Arn of a role of the template, got " + role);
    }

    AppModule app() {
        return AppModule.of(module);
    }

    /** The environment the template gives the app with these parameters. */
    @SuppressWarnings("unchecked")
    Map<String, String> environment(Evaluation ev) {
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, Object> p = ev.properties(resource);
        if (lambda) {
            Map<String, Object> environment = (Map<String, Object>) p.getOrDefault("Environment", Map.of());
            ((Map<String, Object>) environment.getOrDefault("Variables", Map.of())).forEach((k, v) -> env.put(k, String.valueOf(v)));
        } else {
            for (Object c : (List<Object>) p.get("ContainerDefinitions")) {
                for (Object e : (List<Object>) ((Map<String, Object>) c).getOrDefault("Environment", List.of())) {
                    Map<String, Object> pair = (Map<String, Object>) e;
                    env.put((String) pair.get("Name"), String.valueOf(pair.get("Value")));
                }
            }
        }
        return env;
    }

    /** Every variable the template gives the app under any of {@link Template#variants()}. */
    Set<String> allEnvironmentKeys(Template t) {
        Set<String> keys = new TreeSet<>();
        for (Map<String, Object> variant : Template.variants()) {
            Evaluation ev = t.evaluate(variant);
            if (ev.exists(resource)) {
                keys.addAll(environment(ev).keySet());
            }
        }
        return keys;
    }

    @Override
    public String toString() {
        return module + " (" + resource + ")";
    }
}
