package io.quotepipe.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.quotepipe.deploy.Template.ACCOUNT;
import static io.quotepipe.deploy.Template.PARTITION;
import static io.quotepipe.deploy.Template.REGION;

/**
 * The template with its parameters set: conditions decided and intrinsic functions computed as CloudFormation would,
 * with what {@code Ref} and {@code Fn::GetAtt} return for the resource types the template uses (names and ARNs in
 * account {@value Template#ACCOUNT}, region {@value Template#REGION}). A reference to a resource that does not exist
 * under these parameters (its Condition is false) is an error, as it is when CloudFormation creates the stack.
 */
final class Evaluation {

    /** {@code AWS::NoValue}: dropped from the list or map holding it. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    final Template template;
    final Map<String, Object> parameters;

    Evaluation(Template template, Map<String, Object> parameters) {
        this.template = template;
        this.parameters = Map.copyOf(parameters);
    }

    @Override
    public String toString() {
        return "template.yaml with " + parameters;
    }

    boolean condition(String name) {
        Object expression = template.section("Conditions").get(name);
        if (expression == null) {
            throw new IllegalArgumentException("no condition " + name + " in template.yaml");
        }
        return (Boolean) eval(expression);
    }

    /** Whether the resource is created with these parameters. */
    boolean exists(String id) {
        Object condition = template.resource(id).get("Condition");
        return condition == null || condition((String) condition);
    }

    List<String> existing(String type) {
        return template.ofType(type).stream().filter(this::exists).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> properties(String id) {
        Object evaluated = eval(template.rawProperties(id));
        return evaluated == NO_VALUE ? Map.of() : (Map<String, Object>) evaluated;
    }

    String string(Object node) {
        Object value = eval(node);
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("expected a string, got " + value + " from " + node);
    }

    Object eval(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (Template.isIntrinsic(map)) {
                Map.Entry<?, ?> e = map.entrySet().iterator().next();
                return intrinsic((String) e.getKey(), e.getValue());
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object value = eval(v);
                if (value != NO_VALUE) {
                    out.put(k, value);
                }
            });
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object value = eval(item);
                if (value != NO_VALUE) {
                    out.add(value);
                }
            }
            return out;
        }
        return node;
    }

    private Object intrinsic(String function, Object arg) {
        return switch (function) {
            case "Ref" -> ref((String) arg);
            case "Condition" -> condition((String) arg);
            case "Fn::GetAtt" -> {
                List<?> parts = (List<?>) arg;
                yield getAtt((String) parts.get(0), (String) parts.get(1));
            }
            case "Fn::Sub" -> sub(arg);
            case "Fn::If" -> {
                List<?> args = (List<?>) arg;
                yield eval(condition((String) args.get(0)) ? args.get(1) : args.get(2));
            }
            case "Fn::Equals" -> {
                List<?> args = (List<?>) arg;
                yield String.valueOf(eval(args.get(0))).equals(String.valueOf(eval(args.get(1))));
            }
            case "Fn::Not" -> !(Boolean) eval(((List<?>) arg).get(0));
            case "Fn::And" -> ((List<?>) arg).stream().allMatch(c -> (Boolean) eval(c));
            case "Fn::Or" -> ((List<?>) arg).stream().anyMatch(c -> (Boolean) eval(c));
            case "Fn::Join" -> {
                List<?> args = (List<?>) arg;
                List<String> parts = new ArrayList<>();
                for (Object item : (List<?>) eval(args.get(1))) {
                    parts.add(String.valueOf(item));
                }
                yield String.join((String) args.get(0), parts);
            }
            case "Fn::Split" -> {
                List<?> args = (List<?>) arg;
                yield Arrays.asList(string(args.get(1)).split(Pattern.quote((String) args.get(0)), -1));
            }
            case "Fn::Select" -> {
                List<?> args = (List<?>) arg;
                List<?> list = (List<?>) eval(args.get(1));
                int index = Integer.parseInt(string(args.get(0)));
                if (index >= list.size()) {
                    throw new IllegalStateException("Fn::Select index " + index + " out of " + list + " in " + this);
                }
                yield list.get(index);
            }
            case "Fn::GetAZs" -> List.of(REGION + "a", REGION + "b", REGION + "c");
            case "Fn::Base64" -> string(arg);
            default -> throw new UnsupportedOperationException(function + " is not evaluated by these tests: " + arg);
        };
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Region":
                return REGION;
            case "AWS::Partition":
                return PARTITION;
            case "AWS::StackName":
                return "quotepipe";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return NO_VALUE;
            default:
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (!template.resources().containsKey(name)) {
            throw new IllegalStateException("Ref " + name + ": neither a parameter nor a resource of template.yaml");
        }
        requireExists(name, "Ref " + name);
        String type = template.type(name);
        return switch (type) {
            case "AWS::S3::Bucket" -> nameOf(name, "BucketName");
            case "AWS::DynamoDB::Table" -> nameOf(name, "TableName");
            case "AWS::SNS::Topic" -> "arn:" + PARTITION + ":sns:" + REGION + ":" + ACCOUNT + ":" + nameOf(name, "TopicName");
            case "AWS::SQS::Queue" -> "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + nameOf(name, "QueueName");
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> nameOf(name, "FunctionName");
            case "AWS::Logs::LogGroup" -> nameOf(name, "LogGroupName");
            case "AWS::ECS::Cluster" -> nameOf(name, "ClusterName");
            // API Gateway assigns the id; a stand-in of its form (10 lower-case letters and digits).
            case "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api" -> "a1b2c3d4e5";
            case "AWS::ECR::Repository" -> nameOf(name, "RepositoryName");
            case "AWS::Glue::Database" -> string(((Map<?, ?>) template.rawProperties(name).get("DatabaseInput")).get("Name"));
            case "AWS::ECS::TaskDefinition" -> "arn:" + PARTITION + ":ecs:" + REGION + ":" + ACCOUNT + ":task-definition/"
                    + nameOf(name, "Family") + ":1";
            default -> "<Ref " + name + ">";
        };
    }

    private Object getAtt(String id, String attribute) {
        if (!template.resources().containsKey(id)) {
            throw new IllegalStateException("Fn::GetAtt " + id + "." + attribute + ": no such resource in template.yaml");
        }
        requireExists(id, "Fn::GetAtt " + id + "." + attribute);
        String type = template.type(id);
        String key = type + "." + attribute;
        return switch (key) {
            case "AWS::S3::Bucket.Arn" -> "arn:" + PARTITION + ":s3:::" + ref(id);
            case "AWS::DynamoDB::Table.Arn" -> "arn:" + PARTITION + ":dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + ref(id);
            case "AWS::SQS::Queue.Arn" -> "arn:" + PARTITION + ":sqs:" + REGION + ":" + ACCOUNT + ":" + nameOf(id, "QueueName");
            case "AWS::SQS::Queue.QueueName" -> nameOf(id, "QueueName");
            case "AWS::Logs::LogGroup.Arn" -> "arn:" + PARTITION + ":logs:" + REGION + ":" + ACCOUNT + ":log-group:" + ref(id) + ":*";
            case "AWS::ECR::Repository.Arn" -> "arn:" + PARTITION + ":ecr:" + REGION + ":" + ACCOUNT + ":repository/" + ref(id);
            case "AWS::ECR::Repository.RepositoryUri" -> ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + ref(id);
            case "AWS::IAM::Role.Arn" -> "arn:" + PARTITION + ":iam::" + ACCOUNT + ":role/" + id;
            case "AWS::ECS::Service.Name" -> nameOf(id, "ServiceName");
            case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" ->
                    "arn:" + PARTITION + ":lambda:" + REGION + ":" + ACCOUNT + ":function:" + ref(id);
            default -> "<GetAtt " + id + "." + attribute + ">";
        };
    }

    private String nameOf(String id, String property) {
        Object raw = template.rawProperties(id).get(property);
        if (raw == null) {
            return "<generated name of " + id + ">";
        }
        return string(raw);
    }

    private void requireExists(String id, String what) {
        if (!exists(id)) {
            throw new IllegalStateException(what + ": the resource is not created with these parameters (Condition "
                    + template.resource(id).get("Condition") + " is false); guard the reference with the same condition. " + this);
        }
    }

    private String sub(Object arg) {
        String text;
        Map<?, ?> variables;
        if (arg instanceof List<?> list) {
            text = (String) list.get(0);
            variables = (Map<?, ?>) list.get(1);
        } else {
            text = (String) arg;
            variables = Map.of();
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.startsWith("!")) {
                value = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                value = string(variables.get(name));
            } else if (!name.startsWith("AWS::") && name.contains(".")) {
                value = String.valueOf(getAtt(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1)));
            } else {
                value = String.valueOf(ref(name));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
