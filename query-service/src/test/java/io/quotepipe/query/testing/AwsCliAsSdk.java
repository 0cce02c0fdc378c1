package io.quotepipe.query.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the SDK request that an {@code aws dynamodb get-item | query} command makes, with the
 * same parameters, and renders the answer as the AWS CLI prints it ({@code --output json}): so a README example can be
 * checked where no CLI is installed. Options the examples do not use are refused, never ignored.
 */
public final class AwsCliAsSdk {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMMON = Set.of("endpoint-url", "output", "region");

    private final DynamoDbClient dynamo;

    public AwsCliAsSdk(DynamoDbClient dynamo) {
        this.dynamo = dynamo;
    }

    /** The CLI's output of {@code example}, as a JSON tree. */
    public JsonNode run(ReadmeCommands.Example example) {
        Map<String, String> o = new LinkedHashMap<>(example.options());
        COMMON.forEach(o::remove);
        return switch (example.operation()) {
            case "get-item" -> getItem(o, example);
            case "query" -> query(o, example);
            default -> throw new IllegalArgumentException("README line " + example.line() + ": aws dynamodb "
                    + example.operation() + " is not supported by this test; add it to " + getClass().getSimpleName());
        };
    }

    private JsonNode getItem(Map<String, String> o, ReadmeCommands.Example example) {
        GetItemRequest.Builder request = GetItemRequest.builder()
                .tableName(take(o, "table-name", example))
                .key(attributes(take(o, "key", example)));
        String projection = o.remove("projection-expression");
        if (projection != null) {
            request.projectionExpression(projection);
        }
        String names = o.remove("expression-attribute-names");
        if (names != null) {
            request.expressionAttributeNames(strings(names));
        }
        if (o.containsKey("consistent-read")) {
            o.remove("consistent-read");
            request.consistentRead(true);
        }
        refuseRest(o, example);
        Map<String, AttributeValue> item = dynamo.getItem(request.build()).item();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (item != null && !item.isEmpty()) {
            out.set("Item", json(item));
        }
        return out;
    }

    private JsonNode query(Map<String, String> o, ReadmeCommands.Example example) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(take(o, "table-name", example))
                .keyConditionExpression(take(o, "key-condition-expression", example));
        String values = o.remove("expression-attribute-values");
        if (values != null) {
            request.expressionAttributeValues(attributes(values));
        }
        String names = o.remove("expression-attribute-names");
        if (names != null) {
            request.expressionAttributeNames(strings(names));
        }
        String projection = o.remove("projection-expression");
        if (projection != null) {
            request.projectionExpression(projection);
        }
        String filter = o.remove("filter-expression");
        if (filter != null) {
            request.filterExpression(filter);
        }
        if (o.containsKey("no-scan-index-forward")) {
            o.remove("no-scan-index-forward");
            request.scanIndexForward(false);
        }
        refuseRest(o, example);
        // The CLI reads every page and prints them as one answer, with the counts summed.
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        int count = 0;
        int scanned = 0;
        for (QueryResponse page : dynamo.queryPaginator(request.build())) {
            page.items().forEach(item -> items.add(json(item)));
            count += page.count();
            scanned += page.scannedCount();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("Items", items);
        out.put("Count", count);
        out.put("ScannedCount", scanned);
        out.putNull("ConsumedCapacity");
        return out;
    }

    private static String take(Map<String, String> o, String name, ReadmeCommands.Example example) {
        String value = o.remove(name);
        if (value == null) {
            throw new IllegalArgumentException("README line " + example.line() + ": --" + name + " is required");
        }
        return value;
    }

    private void refuseRest(Map<String, String> o, ReadmeCommands.Example example) {
        if (!o.isEmpty()) {
            throw new IllegalArgumentException("README line " + example.line() + ": options " + o.keySet()
                    + " are not supported by this test; add them to " + getClass().getSimpleName());
        }
    }

    /** Parses the CLI's JSON as a tree. */
    public static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    private static Map<String, AttributeValue> attributes(String json) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        tree(json).properties().forEach(e -> out.put(e.getKey(), attribute(e.getValue())));
        return out;
    }

    private static Map<String, String> strings(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        tree(json).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** {@code {"S": "x"}}, {@code {"N": "1.5"}}, ... as the SDK's value. */
    static AttributeValue attribute(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
        Map.Entry<String, JsonNode> only = fields.next();
        JsonNode v = only.getValue();
        return switch (only.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(e -> list.add(attribute(e)));
                yield AttributeValue.fromL(list);
            }
            case "M" -> {
                Map<String, AttributeValue> map = new LinkedHashMap<>();
                v.properties().forEach(e -> map.put(e.getKey(), attribute(e.getValue())));
                yield AttributeValue.fromM(map);
            }
            default -> throw new IllegalArgumentException("unsupported attribute type " + only.getKey());
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** An item as the CLI prints it. */
    static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        item.forEach((name, value) -> out.set(name, json(value)));
        return out;
    }

    private static ObjectNode json(AttributeValue v) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        switch (v.type()) {
            case S -> out.put("S", v.s());
            case N -> out.put("N", v.n());
            case BOOL -> out.put("BOOL", v.bool());
            case NUL -> out.put("NULL", true);
            case SS -> v.ss().forEach(out.putArray("SS")::add);
            case NS -> v.ns().forEach(out.putArray("NS")::add);
            case B -> out.put("B", SdkBytes.fromByteBuffer(v.b().asByteBuffer()).asByteArray());
            case L -> v.l().forEach(e -> out.withArray("L").add(json(e)));
            case M -> out.set("M", json(v.m()));
            default -> throw new IllegalArgumentException("unsupported attribute type " + v.type());
        }
        return out;
    }
}
