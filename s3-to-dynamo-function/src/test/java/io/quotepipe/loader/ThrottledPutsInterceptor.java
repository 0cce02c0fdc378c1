package io.quotepipe.loader;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the local DynamoDB (dynalite) behave like a throttled table for history writes: each PutItem of a history item
 * ({@code COIN#...}) is refused with ProvisionedThroughputExceededException the first {@code timesRefused} times it is
 * sent, before it leaves the client (so the table never sees it), as DynamoDB refuses a write when it throttles.
 */
final class ThrottledPutsInterceptor implements ExecutionInterceptor {

    private final int timesRefused;
    private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    /** @param timesRefused how often each history item is refused before it is let through; {@code Integer.MAX_VALUE}: always */
    ThrottledPutsInterceptor(int timesRefused) {
        this.timesRefused = timesRefused;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutItemRequest put && put.item().get("pk").s().startsWith("COIN#")) {
            requests.incrementAndGet();
            String key = put.item().get("pk").s() + "|" + put.item().get("sk").s();
            if (sent.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement() < timesRefused) {
                refused.incrementAndGet();
                throw ProvisionedThroughputExceededException.builder()
                        .message("The level of configured provisioned throughput for the table was exceeded (test)").build();
            }
        }
        return context.request();
    }

    /** History puts refused so far. */
    int refused() {
        return refused.get();
    }

    /** History puts seen. */
    int requests() {
        return requests.get();
    }
}
