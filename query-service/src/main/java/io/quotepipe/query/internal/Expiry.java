package io.quotepipe.query.internal;

import io.quotepipe.core.QuoteItems;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.util.Map;

/**
 * The expiry rule of history items (docs/design.md): an item whose {@code expiresAt} (epoch seconds) is not after now is
 * gone, whether or not DynamoDB's TTL has deleted it yet. TTL deletes in the background, typically within days of the
 * expiry, and until then expired items "still appear in reads, queries, and scans"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html): a reader filters them out.
 * Items without {@code expiresAt} (retention unset; latest and candles) never expire.
 */
public final class Expiry {

    /** Value placeholder of the current time in {@link #NOT_EXPIRED}. */
    public static final String NOW = ":expiryNow";
    /** Filter expression keeping the items that have not expired; uses {@link #NAMES} and {@link #NOW}. */
    public static final String NOT_EXPIRED = "attribute_not_exists(#expiresAt) OR #expiresAt > " + NOW;
    /** Expression attribute names of {@link #NOT_EXPIRED}. */
    public static final Map<String, String> NAMES = Map.of("#expiresAt", QuoteItems.EXPIRES_AT);

    private Expiry() {
    }

    /** Now, in the unit of {@code expiresAt}. */
    public static AttributeValue now(Clock clock) {
        return AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond()));
    }
}
