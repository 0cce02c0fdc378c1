package io.quotepipe.consumer.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The context of a consumer alert about one record or offset (docs/design.md, Alerts): topic, partition, offset. */
final class AlertContext {

    static final String COMPONENT = "consumer";

    private AlertContext() {
    }

    /** A mutable map, so that an alert may add its own entries after these. */
    static Map<String, String> at(String topic, int partition, long offset) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("topic", topic);
        context.put("partition", Integer.toString(partition));
        context.put("offset", Long.toString(offset));
        return context;
    }
}
