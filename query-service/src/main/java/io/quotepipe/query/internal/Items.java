package io.quotepipe.query.internal;

import io.quotepipe.core.CandleItem;
import io.quotepipe.core.MalformedItemException;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteItems;
import io.quotepipe.query.Candle;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * Reads the table's items into the API's values with the one item layout of quote-core ({@link QuoteItems},
 * {@link CandleItem}), the layout the loader writes with. Numbers are DynamoDB {@code N}, read from their text straight
 * into {@code BigDecimal}, so that {@code 0.000000012345} comes out exactly as it went in.
 */
public final class Items {

    private Items() {
    }

    /**
     * A history or latest item as a quote; optional fields that are absent stay null.
     *
     * @throws MalformedItemException when the item does not have the layout
     */
    public static Quote quote(Map<String, AttributeValue> item) {
        return QuoteItems.quote(item);
    }

    /**
     * An {@code OHLC#...} item as a candle; its start is the sort key.
     *
     * @throws MalformedItemException when the item does not have the layout or lacks one of its four fields
     */
    public static Candle candle(Map<String, AttributeValue> item) {
        CandleItem c = CandleItem.of(item);
        if (!c.complete()) {
            throw new MalformedItemException(item, "a candle needs a start (sk) and open, high, low, close");
        }
        return new Candle(c.start(), c.open(), c.high(), c.low(), c.close(), c.openAt(), c.highAt(), c.lowAt(), c.closeAt());
    }
}
