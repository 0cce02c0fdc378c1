package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;
import io.quotepipe.core.DynamoKeys;
import io.quotepipe.core.Times;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fold state in the table, one item per component and kind ({@code ALERTS} / {@code <component>/<kind>}, docs/design.md):
 * every container of a function shares it, and a container recycled while holding alerts back loses nothing, because
 * the next container's {@link Alerts#flush()} sends the summary. Each step is one conditional write, so two containers
 * never both send the alert of one window nor both send one summary.
 *
 * <p>Attributes: {@code lastSent} (time), {@code folded} (N, held back since), and of the last alert held back
 * {@code heldMessage}, {@code heldContext} (M of S) and {@code heldAt}. When the table cannot be reached the alert is
 * sent unfolded: a rate limit must never cost an alert. Thread-safe.
 */
public final class DynamoFoldState implements FoldState {

    private static final Logger LOG = Logger.getLogger(DynamoFoldState.class);
    private static final Map<String, String> NAMES = Map.of("#lastSent", "lastSent", "#folded", "folded",
            "#heldMessage", "heldMessage", "#heldContext", "heldContext", "#heldAt", "heldAt");
    /** DynamoDB refuses a name an expression does not use: holding back does not touch {@code lastSent}. */
    private static final Map<String, String> HOLD_NAMES = Map.of("#folded", "folded", "#heldMessage", "heldMessage",
            "#heldContext", "heldContext", "#heldAt", "heldAt");
    private static final AttributeValue ZERO = AttributeValue.fromN("0");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoFoldState(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Optional<Alert> admit(Alert alert, Duration window) {
        Map<String, AttributeValue> key = key(alert.component() + "/" + alert.kind());
        try {
            UpdateItemResponse sent = dynamo.updateItem(u -> u.tableName(table).key(key)
                    .updateExpression("SET #lastSent = :now, #folded = :zero REMOVE #heldMessage, #heldContext, #heldAt")
                    .conditionExpression("attribute_not_exists(#lastSent) OR #lastSent <= :windowStart")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":now", s(Times.format(alert.time())), ":zero", ZERO,
                            ":windowStart", s(Times.format(alert.time().minus(window)))))
                    .returnValues(ReturnValue.ALL_OLD));
            AttributeValue folded = sent.hasAttributes() ? sent.attributes().get("folded") : null;
            return Optional.of(alert.withFolded(folded == null ? 0 : Integer.parseInt(folded.n())));
        } catch (ConditionalCheckFailedException e) {
            // Sent within the window (by this container or another): hold it back, counted, as the last one.
            try {
                dynamo.updateItem(u -> u.tableName(table).key(key)
                        .updateExpression("ADD #folded :one SET #heldMessage = :message, #heldContext = :context, #heldAt = :at")
                        .expressionAttributeNames(HOLD_NAMES)
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":message", s(alert.message()),
                                ":context", context(alert.context()), ":at", s(Times.format(alert.time())))));
                return Optional.empty();
            } catch (SdkException unavailable) {
                return unfolded(alert, unavailable);
            }
        } catch (SdkException e) {
            return unfolded(alert, e);
        }
    }

    @Override
    public List<Alert> due(Instant now, Duration window) {
        List<Alert> due = new ArrayList<>();
        try {
            List<Map<String, AttributeValue>> waiting = dynamo.queryPaginator(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .filterExpression("#folded > :zero AND #lastSent <= :windowStart")
                    .expressionAttributeNames(Map.of("#folded", "folded", "#lastSent", "lastSent"))
                    .expressionAttributeValues(Map.of(":pk", s(DynamoKeys.ALERTS_PK), ":zero", ZERO,
                            ":windowStart", s(Times.format(now.minus(window))))))
                    .items().stream().toList();
            for (Map<String, AttributeValue> item : waiting) {
                claim(item, now).ifPresent(due::add);
            }
        } catch (SdkException e) {
            LOG.warnf("cannot read the held-back alerts in table %s (%s); they are sent by a later flush", table, e.getMessage());
        }
        return due;
    }

    /** Takes the summary of {@code item} for this container, unless another one took it or it changed meanwhile. */
    private Optional<Alert> claim(Map<String, AttributeValue> item, Instant now) {
        String sk = item.get(DynamoKeys.SK).s();
        try {
            UpdateItemResponse taken = dynamo.updateItem(u -> u.tableName(table).key(key(sk))
                    .updateExpression("SET #lastSent = :now, #folded = :zero REMOVE #heldMessage, #heldContext, #heldAt")
                    .conditionExpression("#folded = :folded AND #lastSent = :lastSent")
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(":now", s(Times.format(now)), ":zero", ZERO,
                            ":folded", item.get("folded"), ":lastSent", item.get("lastSent")))
                    .returnValues(ReturnValue.ALL_OLD));
            Map<String, AttributeValue> held = taken.attributes();
            int slash = sk.indexOf('/');
            Map<String, String> context = new LinkedHashMap<>();
            AttributeValue storedContext = held.get("heldContext");
            if (storedContext != null && storedContext.hasM()) {
                storedContext.m().forEach((k, v) -> context.put(k, v.s()));
            }
            return Optional.of(new Alert(sk.substring(0, slash), sk.substring(slash + 1), held.get("heldMessage").s(), context,
                    Times.parse(held.get("heldAt").s()), Integer.parseInt(held.get("folded").n()) - 1));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty(); // another container sent it, or an alert of this kind came meanwhile
        }
    }

    private Optional<Alert> unfolded(Alert alert, SdkException e) {
        LOG.warnf("the fold state of alerts in table %s is unavailable (%s): alert %s is sent unfolded", table,
                e.getMessage(), alert.subject());
        return Optional.of(alert);
    }

    private static Map<String, AttributeValue> key(String componentAndKind) {
        return Map.of(DynamoKeys.PK, s(DynamoKeys.ALERTS_PK), DynamoKeys.SK, s(componentAndKind));
    }

    private static AttributeValue context(Map<String, String> context) {
        Map<String, AttributeValue> m = new HashMap<>();
        context.forEach((k, v) -> m.put(k, s(v)));
        return AttributeValue.fromM(m);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
