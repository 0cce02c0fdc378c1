package io.quotepipe.deploy;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.MethodCallExpr;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket, the table, the alert topic and the Glue table are what docs/design.md and quote-core say they are. */
class DataStoresTest {

    private static final Template TEMPLATE = Template.load();
    private static final Evaluation DEFAULTS = TEMPLATE.defaults();
    private static final AppModule CORE = AppModule.of("quote-core");

    @Test
    void bucketIsEncryptedPrivateAndTlsOnly() {
        Map<?, ?> bucket = DEFAULTS.properties("QuotesBucket");
        assertThat(bucket.get("BucketEncryption")).isNotNull();
        assertThat(Template.map(bucket.get("PublicAccessBlockConfiguration"))).containsOnly(
                Map.entry("BlockPublicAcls", true), Map.entry("BlockPublicPolicy", true),
                Map.entry("IgnorePublicAcls", true), Map.entry("RestrictPublicBuckets", true));
        Map<?, ?> policy = DEFAULTS.properties("QuotesBucketPolicy");
        assertThat(policy.get("Bucket")).isEqualTo(DEFAULTS.eval(Map.of("Ref", "QuotesBucket")));
        String arn = "arn:aws:s3:::" + policy.get("Bucket");
        boolean tlsOnly = ((List<?>) ((Map<?, ?>) policy.get("PolicyDocument")).get("Statement")).stream()
                .map(s -> (Map<?, ?>) s)
                .anyMatch(s -> "Deny".equals(s.get("Effect")) && "*".equals(s.get("Principal")) && "s3:*".equals(s.get("Action"))
                        && Iam.strings(s.get("Resource")).containsAll(List.of(arn, arn + "/*"))
                        && Map.of("Bool", Map.of("aws:SecureTransport", "false")).equals(s.get("Condition")));
        assertThat(tlsOnly).as("a statement denies every request without TLS on the bucket and its objects").isTrue();
    }

    @Test
    void quarantineExpiresAfterItsRetention() {
        Evaluation ev = TEMPLATE.evaluate(Map.of("QuarantineRetentionDays", 14));
        List<?> rules = (List<?>) ((Map<?, ?>) ev.properties("QuotesBucket").get("LifecycleConfiguration")).get("Rules");
        assertThat(rules).map(r -> (Map<?, ?>) r)
                .filteredOn(r -> S3NotificationTest.QUARANTINE_PREFIX.equals(r.get("Prefix")))
                .singleElement()
                .satisfies(r -> assertThat(Template.map(r)).containsEntry("Status", "Enabled").containsEntry("ExpirationInDays", 14));
        assertThat(rules).as("the quotes themselves are kept").map(r -> (Map<?, ?>) r)
                .noneMatch(r -> r.containsKey("ExpirationInDays") && r.get("Prefix") == null);
    }

    @Test
    void tableHasTheKeysOfDynamoKeys_onDemandWithPitrTtlAndEncryption() {
        Map<?, ?> table = DEFAULTS.properties("QuotesTable");
        String pk = CORE.stringConstant("DynamoKeys", "PK");
        String sk = CORE.stringConstant("DynamoKeys", "SK");
        assertThat(table.get("TableName")).isEqualTo(AppModule.of("s3-to-dynamo-function").value("quotepipe.dynamodb.table", Map.of()).orElseThrow());
        assertThat(Template.list(table.get("KeySchema"))).containsExactly(
                Map.of("AttributeName", pk, "KeyType", "HASH"), Map.of("AttributeName", sk, "KeyType", "RANGE"));
        assertThat(Template.list(table.get("AttributeDefinitions"))).containsExactlyInAnyOrder(
                Map.of("AttributeName", pk, "AttributeType", "S"), Map.of("AttributeName", sk, "AttributeType", "S"));
        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.get("PointInTimeRecoverySpecification")).isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
        assertThat(table.get("SSESpecification")).isEqualTo(Map.of("SSEEnabled", true));
        String ttl = (String) ((Map<?, ?>) table.get("TimeToLiveSpecification")).get("AttributeName");
        assertThat(((Map<?, ?>) table.get("TimeToLiveSpecification")).get("Enabled")).isEqualTo(true);
        // The item layout is defined once, in quote-core (QuoteItems), and the loader writes with it.
        assertThat(CORE.stringConstant("QuoteItems", "EXPIRES_AT")).as("the loader writes the TTL attribute " + ttl)
                .isEqualTo(ttl);
    }

    @Test
    void historyRetentionReachesTheLoaderAsADuration() {
        Deployed loader = Deployed.of(TEMPLATE, "s3-to-dynamo-function");
        String retention = loader.environment(TEMPLATE.evaluate(Map.of("HistoryRetentionDays", 30))).get("QUOTEPIPE_LOADER_RETENTION");
        assertThat(FunctionPackagingTest.duration(retention)).isEqualTo(Duration.ofDays(30));
        assertThat(loader.environment(TEMPLATE.evaluate(Map.of("HistoryRetentionDays", 0)))).doesNotContainKey("QUOTEPIPE_LOADER_RETENTION");
        assertThat(loader.app().keyReadFrom("QUOTEPIPE_LOADER_RETENTION")).get().extracting(ConfigKey::optional).isEqualTo(true);
    }

    @Test
    void alertTopicIsDesignsAndMailsTheAlertEmail() {
        Map<?, ?> topic = DEFAULTS.properties("AlertsTopic");
        assertThat(topic.get("TopicName")).isEqualTo(NamesAgreeTest.designName("SNS topic"));
        List<String> subscriptions = DEFAULTS.existing("AWS::SNS::Subscription");
        assertThat(subscriptions).map(DEFAULTS::properties).anySatisfy(s -> assertThat(s)
                .containsEntry("Protocol", "email")
                .containsEntry("Endpoint", Template.EXAMPLE_ANSWERS.get("AlertEmail"))
                .containsEntry("TopicArn", DEFAULTS.eval(Map.of("Ref", "AlertsTopic"))));
    }

    @Test
    void glueTableProjectsThePartitionsOfS3BatchKey() {
        Map<?, ?> input = (Map<?, ?>) DEFAULTS.properties("QuotesLakeTable").get("TableInput");
        Map<?, ?> p = (Map<?, ?>) input.get("Parameters");
        assertThat(p.get("projection.enabled")).isEqualTo("true");
        String bucket = (String) DEFAULTS.eval(Map.of("Ref", "QuotesBucket"));
        assertThat(p.get("storage.location.template")).isEqualTo("s3://" + bucket + "/" + S3NotificationTest.PREFIX + "dt=${dt}/hour=${hour}/");
        // Fill the template as Athena does, then S3BatchKey must parse the result.
        String dt = LocalDate.of(2026, 11, 21).format(DateTimeFormatter.ofPattern((String) p.get("projection.dt.format"), Locale.ROOT));
        String hour = String.format("%0" + p.get("projection.hour.digits") + "d", 7);
        String key = ((String) p.get("storage.location.template")).replace("s3://" + bucket + "/", "")
                .replace("${dt}", dt).replace("${hour}", hour) + "crypto-quotes-3-0000000000000000001.jsonl.gz";
        assertThat(key).matches(S3NotificationTest.BATCH_KEY);
        assertThat(p.get("projection.hour.range")).isEqualTo("0,23");
        assertThat(Template.list(input.get("PartitionKeys"))).map(k -> Template.map(k).get("Name")).containsExactly("dt", "hour");
        Map<?, ?> storage = (Map<?, ?>) input.get("StorageDescriptor");
        assertThat(storage.get("Location")).isEqualTo("s3://" + bucket + "/" + S3NotificationTest.PREFIX);
        assertThat(((Map<?, ?>) storage.get("SerdeInfo")).get("SerializationLibrary")).isEqualTo("org.openx.data.jsonserde.JsonSerDe");
    }

    @Test
    void glueColumnsAreTheFieldsQuoteJsonWrites_withDecimalsForMoney() {
        Map<?, ?> storage = (Map<?, ?>) ((Map<?, ?>) DEFAULTS.properties("QuotesLakeTable").get("TableInput")).get("StorageDescriptor");
        Map<String, String> columns = new LinkedHashMap<>();
        for (Object c : (List<?>) storage.get("Columns")) {
            String type = (String) ((Map<?, ?>) c).get("Type");
            assertThat(type).as("docs/design.md: money and percentages are never double").doesNotContain("double", "float");
            columns.put((String) ((Map<?, ?>) c).get("Name"), kind(type));
        }
        assertThat(columns).isEqualTo(quoteJsonColumns());
    }

    /** A Glue type reduced to what JSON can tell apart: number, decimal, string, struct of those. */
    static String kind(String glueType) {
        if (glueType.startsWith("struct<")) {
            StringBuilder out = new StringBuilder("struct<");
            for (String field : glueType.substring(7, glueType.length() - 1).split(",")) {
                String[] nameType = field.split(":", 2);
                out.append(out.length() > 7 ? "," : "").append(nameType[0]).append(':').append(kind(nameType[1]));
            }
            return out.append('>').toString();
        }
        if (glueType.startsWith("decimal")) {
            return "decimal";
        }
        return switch (glueType) {
            case "tinyint", "smallint", "int", "bigint" -> "number";
            case "string" -> "string";
            default -> glueType;
        };
    }

    /** The fields QuoteJson.write writes, in order, with their kind: decimal() a decimal, an object a struct. */
    static Map<String, String> quoteJsonColumns() {
        MethodDeclaration write = CORE.units().stream()
                .flatMap(cu -> cu.findAll(MethodDeclaration.class).stream())
                .filter(m -> m.getNameAsString().equals("write") && m.getParameters().size() == 3)
                .findFirst().orElseThrow(() -> new AssertionError("QuoteJson.write(Quote, KafkaCoordinates, Writer) not found"));
        List<MethodCallExpr> calls = write.findAll(MethodCallExpr.class).stream()
                .sorted(Comparator.comparing(c -> c.getBegin().orElseThrow())).toList();
        Map<String, String> columns = new LinkedHashMap<>();
        String struct = null;
        StringBuilder fields = new StringBuilder();
        for (MethodCallExpr call : calls) {
            String method = call.getNameAsString();
            if (method.equals("writeObjectFieldStart")) {
                struct = literal(call, 0);
                fields.setLength(0);
                continue;
            }
            if (method.equals("writeEndObject") && struct != null) {
                columns.put(struct.toLowerCase(Locale.ROOT), "struct<" + fields + ">");
                struct = null;
                continue;
            }
            String field;
            String type;
            switch (method) {
                case "writeNumberField" -> {
                    field = literal(call, 0);
                    type = "number";
                }
                case "writeStringField" -> {
                    field = literal(call, 0);
                    type = "string";
                }
                case "string", "time" -> {
                    field = literal(call, 1);
                    type = "string";
                }
                case "decimal" -> {
                    field = literal(call, 1);
                    type = "decimal";
                }
                default -> {
                    continue;
                }
            }
            if (struct != null) {
                fields.append(fields.isEmpty() ? "" : ",").append(field).append(':').append(type);
            } else {
                columns.put(field.toLowerCase(Locale.ROOT), type);
            }
        }
        return columns;
    }

    private static String literal(MethodCallExpr call, int index) {
        return call.getArgument(index).asStringLiteralExpr().asString();
    }
}
