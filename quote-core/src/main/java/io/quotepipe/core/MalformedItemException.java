package io.quotepipe.core;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** A table item that does not have the layout of {@link QuoteItems} or {@link CandleItem}: it names the item and the problem. */
public final class MalformedItemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedItemException(Map<String, AttributeValue> item, String problem) {
        super("item pk=" + key(item, DynamoKeys.PK) + " sk=" + key(item, DynamoKeys.SK) + ": " + problem);
    }

    private static String key(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
