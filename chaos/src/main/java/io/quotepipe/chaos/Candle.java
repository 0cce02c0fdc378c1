package io.quotepipe.chaos;

import io.quotepipe.core.Quote;
import io.quotepipe.core.Times;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * An OHLC candle recomputed from history by the rules of docs/design.md, written here a second time on purpose:
 * the reconciliation checks the loader's incremental, conditional writes against a plain fold over history.
 * Ties: open is the earliest quote (equal times: the lower price), close the latest (equal times: the lower
 * price), high the highest price (equal prices: the earlier time), low the lowest (equal prices: the earlier time).
 */
record Candle(Point open, Point high, Point low, Point close) {

    record Point(BigDecimal price, Instant at) {
        Point {
            price = price.stripTrailingZeros();
        }

        @Override
        public String toString() {
            return price.toPlainString() + "@" + Times.format(at);
        }
    }

    static Candle of(Quote q) {
        Point p = new Point(q.priceUsd(), q.observedAt());
        return new Candle(p, p, p, p);
    }

    static Candle of(Map<String, AttributeValue> item) {
        return new Candle(point(item, "open"), point(item, "high"), point(item, "low"), point(item, "close"));
    }

    private static Point point(Map<String, AttributeValue> item, String field) {
        AttributeValue price = item.get(field);
        AttributeValue at = item.get(field + "At");
        return price == null || at == null ? null : new Point(new BigDecimal(price.n()), Times.parse(at.s()));
    }

    Candle merge(Candle o) {
        return new Candle(
                earlier(open, o.open),
                higher(high, o.high),
                lower(low, o.low),
                later(close, o.close));
    }

    private static Point earlier(Point a, Point b) {
        int t = a.at().compareTo(b.at());
        return t < 0 || (t == 0 && a.price().compareTo(b.price()) <= 0) ? a : b;
    }

    private static Point later(Point a, Point b) {
        int t = a.at().compareTo(b.at());
        return t > 0 || (t == 0 && a.price().compareTo(b.price()) <= 0) ? a : b;
    }

    private static Point higher(Point a, Point b) {
        int p = a.price().compareTo(b.price());
        return p > 0 || (p == 0 && !a.at().isAfter(b.at())) ? a : b;
    }

    private static Point lower(Point a, Point b) {
        int p = a.price().compareTo(b.price());
        return p < 0 || (p == 0 && !a.at().isAfter(b.at())) ? a : b;
    }

    @Override
    public String toString() {
        return "O " + open + " H " + high + " L " + low + " C " + close;
    }
}
