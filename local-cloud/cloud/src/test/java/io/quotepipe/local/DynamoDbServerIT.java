package io.quotepipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The local cloud's DynamoDB server (dynalite 4.0.0): that it refuses what DynamoDB refuses, with DynamoDB's own
 * error codes and messages, since the loader relies on the server to reject numbers and items it cannot store; and
 * where it differs from DynamoDB: no TTL setting, no PartiQL, no transactions (answered as unknown operations), and
 * no item with a refused conditional write.
 *
 * <p>The messages are those of the DynamoDB service (see "Error handling with DynamoDB" in the developer guide).
 */
@ExtendWith(LocalCloudExtension.class)
class DynamoDbServerIT {

    private static final String NUMBER_OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range";
    private static final String NUMBER_UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range";

    @Test
    void refusesNumbersOutsideDynamoDbsRange_asDynamoDbDoes(LocalCloud cloud) {
        DynamoDbClient dynamo = cloud.dynamoDbClient();
        String table = cloud.endpoints().table();

        assertThatThrownBy(() -> put(dynamo, table, "1E126"))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(NUMBER_OVERFLOW);
                });
        assertThatThrownBy(() -> put(dynamo, table, "1E-131"))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(NUMBER_UNDERFLOW));
        assertThatThrownBy(() -> put(dynamo, table, "1.234567890123456789012345678901234567891"))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Attempting to store more than 38 significant digits in a Number"));
        // The bounds themselves are storable.
        put(dynamo, table, "9.9999999999999999999999999999999999999E125");
        put(dynamo, table, "1E-130");
    }

    @Test
    void refusesAnItemOver400Kb_asDynamoDbDoes(LocalCloud cloud) {
        Map<String, AttributeValue> item = key("big-" + UUID.randomUUID());
        item.put("blob", AttributeValue.fromS("x".repeat(400 * 1024)));

        assertThatThrownBy(() -> cloud.dynamoDbClient().putItem(p -> p.tableName(cloud.endpoints().table()).item(item)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Item size has exceeded the maximum allowed size");
                });
    }

    @Test
    void refusesBadNamesAndEmptyKeys_asDynamoDbDoes(LocalCloud cloud) {
        DynamoDbClient dynamo = cloud.dynamoDbClient();

        // DynamoDB words this one either way, depending on the operation.
        assertThatThrownBy(() -> dynamo.describeTable(d -> d.tableName("ab")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).containsAnyOf(
                            "TableName must be at least 3 characters long", "Member must have length greater than or equal to 3");
                });
        assertThatThrownBy(() -> dynamo.describeTable(d -> d.tableName("crypto quotes")))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("tableName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"));
        assertThatThrownBy(() -> dynamo.putItem(p -> p.tableName(cloud.endpoints().table()).item(Map.of(
                        "pk", AttributeValue.fromS(""), "sk", AttributeValue.fromS("x")))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("The AttributeValue for a key attribute cannot contain an empty string value"));
    }

    @Test
    void refusesABatchOfMoreThan25Writes_andAFailedCondition_asDynamoDbDoes(LocalCloud cloud) {
        DynamoDbClient dynamo = cloud.dynamoDbClient();
        String table = cloud.endpoints().table();
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            Map<String, AttributeValue> item = key("batch-" + UUID.randomUUID());
            writes.add(WriteRequest.builder().putRequest(r -> r.item(item)).build());
        }

        assertThatThrownBy(() -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, writes))))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("Member must have length less than or equal to 25"));

        Map<String, AttributeValue> key = key("cond-" + UUID.randomUUID());
        assertThatThrownBy(() -> dynamo.updateItem(u -> u.tableName(table).key(key)
                        .updateExpression("SET v = :v").conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))))
                .isInstanceOf(ConditionalCheckFailedException.class)
                .hasMessageContaining("The conditional request failed");
    }

    /**
     * Where dynalite is not DynamoDB: these exist in AWS (and in template.yaml: the table's TTL) but not here. The
     * local path uses none of them; if a later dynalite adds one, this test says so and the docs can be updated.
     */
    @Test
    void answersTtlPartiqlAndTransactions_asUnknownOperations(LocalCloud cloud) {
        DynamoDbClient dynamo = cloud.dynamoDbClient();
        String table = cloud.endpoints().table();

        assertThatThrownBy(() -> dynamo.updateTimeToLive(t -> t.tableName(table)
                        .timeToLiveSpecification(s -> s.attributeName("expiresAt").enabled(true))))
                .satisfies(DynamoDbServerIT::isUnknownOperation);
        assertThatThrownBy(() -> dynamo.executeStatement(s -> s.statement("SELECT * FROM \"" + table + "\" WHERE pk = 'LATEST'")))
                .satisfies(DynamoDbServerIT::isUnknownOperation);
        TransactWriteItem write = TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(key("tx-" + UUID.randomUUID())).build()).build();
        assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.transactItems(write)))
                .satisfies(DynamoDbServerIT::isUnknownOperation);
    }

    /**
     * DynamoDB returns the existing item with a refused conditional write when asked (ReturnValuesOnConditionCheckFailure
     * ALL_OLD); dynalite 4.0.0 refuses the write as DynamoDB does but returns no item. The loader then reads the item
     * (one GetItem more per refused candle, counted in s3-to-dynamo-function's WriteCostIT).
     */
    @Test
    void refusesAConditionalWriteAsDynamoDbDoes_butReturnsNoItemWithIt(LocalCloud cloud) {
        DynamoDbClient dynamo = cloud.dynamoDbClient();
        String table = cloud.endpoints().table();
        Map<String, AttributeValue> item = key("refused-" + UUID.randomUUID());
        dynamo.putItem(p -> p.tableName(table).item(item));

        assertThatThrownBy(() -> dynamo.putItem(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> assertThat(e.hasItem()).isFalse());
    }

    private static void isUnknownOperation(Throwable thrown) {
        assertThat(thrown).isInstanceOf(DynamoDbException.class);
        assertThat(((DynamoDbException) thrown).awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
    }

    private static void put(DynamoDbClient dynamo, String table, String number) {
        Map<String, AttributeValue> item = key("number-" + UUID.randomUUID());
        item.put("priceUsd", AttributeValue.fromN(number));
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> key(String pk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("pk", AttributeValue.fromS(pk));
        key.put("sk", AttributeValue.fromS("x"));
        return key;
    }
}
