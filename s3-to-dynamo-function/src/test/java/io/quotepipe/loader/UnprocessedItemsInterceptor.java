package io.quotepipe.loader;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the local DynamoDB (dynalite) behave like a throttled table: each item of a BatchWriteItem is held back the first
 * {@code timesHeldBack} times it is sent. A held-back item is taken out of the request before it leaves (so the table
 * never sees it) and handed back in the response's {@code UnprocessedItems}, as DynamoDB does when it throttles.
 */
final class UnprocessedItemsInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<List<WriteRequest>> HELD_BACK = new ExecutionAttribute<>("quotepipe.heldBack");

    private final int timesHeldBack;
    private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    private final AtomicInteger heldBack = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    /** @param timesHeldBack how often each item is refused before it is let through; {@code Integer.MAX_VALUE}: always */
    UnprocessedItemsInterceptor(int timesHeldBack) {
        this.timesHeldBack = timesHeldBack;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof BatchWriteItemRequest request)) {
            return context.request();
        }
        requests.incrementAndGet();
        Map.Entry<String, List<WriteRequest>> table = request.requestItems().entrySet().iterator().next();
        List<WriteRequest> through = new ArrayList<>();
        List<WriteRequest> held = new ArrayList<>();
        for (WriteRequest w : table.getValue()) {
            String key = w.putRequest().item().get("pk").s() + "|" + w.putRequest().item().get("sk").s();
            if (sent.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement() < timesHeldBack) {
                held.add(w);
            } else {
                through.add(w);
            }
        }
        heldBack.addAndGet(held.size());
        if (through.isEmpty()) {
            // A request may not be empty: one item goes through, but is reported unprocessed all the same. Writing it
            // twice is what a retry does anyway.
            through.add(held.get(0));
        }
        attributes.putAttribute(HELD_BACK, held);
        return request.toBuilder().requestItems(Map.of(table.getKey(), through)).build();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        List<WriteRequest> held = attributes.getAttribute(HELD_BACK);
        if (!(context.response() instanceof BatchWriteItemResponse response) || held == null || held.isEmpty()) {
            return context.response();
        }
        String table = ((BatchWriteItemRequest) context.request()).requestItems().keySet().iterator().next();
        List<WriteRequest> unprocessed = new ArrayList<>(held);
        if (response.hasUnprocessedItems()) {
            unprocessed.addAll(response.unprocessedItems().getOrDefault(table, List.of()));
        }
        return response.toBuilder().unprocessedItems(Map.of(table, unprocessed)).build();
    }

    /** Items handed back as unprocessed so far. */
    int heldBack() {
        return heldBack.get();
    }

    /** BatchWriteItem requests seen. */
    int requests() {
        return requests.get();
    }
}
