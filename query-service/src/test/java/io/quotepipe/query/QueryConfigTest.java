package io.quotepipe.query;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryConfigTest {

    private static QueryConfig config(String table, int maxItems, Duration maxRange) {
        return new QueryConfig() {
            @Override
            public Dynamodb dynamodb() {
                return () -> table;
            }

            @Override
            public Query query() {
                return new Query() {
                    public Duration defaultHistoryRange() { return Duration.ofHours(24); }
                    public Duration defaultHourlyRange() { return Duration.ofDays(2); }
                    public Duration defaultDailyRange() { return Duration.ofDays(90); }
                    public Duration maxHistoryRange() { return maxRange; }
                    public int maxItems() { return maxItems; }
                };
            }

            @Override
            public S3 s3() {
                return () -> "quotepipe-quotes";
            }
        };
    }

    @Test
    void acceptsTheDefaults() {
        assertThatNoException().isThrownBy(() -> QuoteQueries.check(config("crypto-quotes", 10_000, Duration.ofDays(31))));
    }

    @Test
    void namesTheKey_whenAValueCannotWork() {
        assertThatThrownBy(() -> QuoteQueries.check(config("crypto-quotes", 0, Duration.ofDays(31))))
                .hasMessage("quotepipe.query.max-items must be at least 1, was 0");
        assertThatThrownBy(() -> QuoteQueries.check(config("crypto-quotes", 10, Duration.ZERO)))
                .hasMessage("quotepipe.query.max-history-range must be a positive duration, was PT0S");
        assertThatThrownBy(() -> QuoteQueries.check(config(" ", 10, Duration.ofDays(1))))
                .hasMessage("quotepipe.dynamodb.table must not be blank");
    }
}
