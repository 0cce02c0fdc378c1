package io.quotepipe.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The IAM statements a role of the template holds: its inline policies and the AWS::IAM::Policy resources attached to it. */
final class Iam {

    record Statement(String sid, String effect, List<String> actions, List<String> resources, String policy) {
        boolean allows() {
            return "Allow".equals(effect);
        }
    }

    private Iam() {
    }

    @SuppressWarnings("unchecked")
    static List<Statement> ofRole(Evaluation ev, String roleId) {
        List<Statement> out = new ArrayList<>();
        Map<String, Object> role = ev.properties(roleId);
        for (Object p : (List<Object>) role.getOrDefault("Policies", List.of())) {
            Map<String, Object> policy = (Map<String, Object>) p;
            collect((Map<String, Object>) policy.get("PolicyDocument"), roleId + "/" + policy.get("PolicyName"), out);
        }
        for (String id : ev.existing("AWS::IAM::Policy")) {
            List<Object> roles = (List<Object>) ev.template.rawProperties(id).getOrDefault("Roles", List.of());
            if (roles.contains(Map.of("Ref", roleId))) {
                collect((Map<String, Object>) ev.properties(id).get("PolicyDocument"), id, out);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<String> managedPolicies(Evaluation ev, String roleId) {
        return ((List<Object>) ev.properties(roleId).getOrDefault("ManagedPolicyArns", List.of())).stream()
                .map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> document, String policy, List<Statement> out) {
        for (Object s : (List<Object>) document.get("Statement")) {
            Map<String, Object> st = (Map<String, Object>) s;
            out.add(new Statement((String) st.get("Sid"), (String) st.get("Effect"), strings(st.get("Action")),
                    strings(st.get("Resource")), policy));
        }
    }

    static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }
}
