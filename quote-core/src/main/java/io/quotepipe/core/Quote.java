package io.quotepipe.core;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One observation of one coin's market data from one provider: Quote JSON v1 (see docs/design.md).
 *
 * <p>Money and percentages are {@link BigDecimal} end to end, never {@code double}: a price such as
 * {@code 0.000000012345} must reach DynamoDB exactly as the provider sent it. Optional fields are
 * {@code null} here and omitted from the JSON. Times are kept to the millisecond, as they are written.
 *
 * <p>A {@code Quote} is a plain value: it may be invalid. {@link QuoteValidator} says why, and
 * {@link QuoteJson#read} never returns an invalid one.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param source        provider id, e.g. {@code livecoinwatch}
 * @param symbol        coin code, e.g. {@code BTC}; the Kafka key and part of every DynamoDB key
 * @param name          coin name, optional
 * @param rank          market-cap rank, optional
 * @param priceUsd      price in USD, > 0
 * @param volume24hUsd  24-hour volume in USD, optional
 * @param marketCapUsd  market capitalisation in USD, optional
 * @param change1hPct   change over one hour in percent (0.3 means +0.3 %), optional
 * @param change24hPct  change over 24 hours in percent, optional
 * @param change7dPct   change over 7 days in percent, optional
 * @param observedAt    when the provider observed the price
 * @param fetchedAt     when the poller received it
 * @param pollId        the poll that fetched it; ties together the quotes of one poll
 */
public record Quote(
        int schemaVersion,
        String source,
        String symbol,
        String name,
        Integer rank,
        BigDecimal priceUsd,
        BigDecimal volume24hUsd,
        BigDecimal marketCapUsd,
        BigDecimal change1hPct,
        BigDecimal change24hPct,
        BigDecimal change7dPct,
        Instant observedAt,
        Instant fetchedAt,
        String pollId) {

    /** The version this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    public Quote {
        observedAt = Times.millis(observedAt);
        fetchedAt = Times.millis(fetchedAt);
    }

    /** A builder, because most callers set a handful of the fourteen fields. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this quote's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().schemaVersion(schemaVersion).source(source).symbol(symbol).name(name).rank(rank)
                .priceUsd(priceUsd).volume24hUsd(volume24hUsd).marketCapUsd(marketCapUsd)
                .change1hPct(change1hPct).change24hPct(change24hPct).change7dPct(change7dPct)
                .observedAt(observedAt).fetchedAt(fetchedAt).pollId(pollId);
    }

    /** Mutable builder of {@link Quote}; {@code schemaVersion} defaults to {@link #SCHEMA_VERSION}. */
    public static final class Builder {
        private int schemaVersion = SCHEMA_VERSION;
        private String source;
        private String symbol;
        private String name;
        private Integer rank;
        private BigDecimal priceUsd;
        private BigDecimal volume24hUsd;
        private BigDecimal marketCapUsd;
        private BigDecimal change1hPct;
        private BigDecimal change24hPct;
        private BigDecimal change7dPct;
        private Instant observedAt;
        private Instant fetchedAt;
        private String pollId;

        private Builder() {
        }

        public Builder schemaVersion(int v) { this.schemaVersion = v; return this; }
        public Builder source(String v) { this.source = v; return this; }
        public Builder symbol(String v) { this.symbol = v; return this; }
        public Builder name(String v) { this.name = v; return this; }
        public Builder rank(Integer v) { this.rank = v; return this; }
        public Builder priceUsd(BigDecimal v) { this.priceUsd = v; return this; }
        public Builder volume24hUsd(BigDecimal v) { this.volume24hUsd = v; return this; }
        public Builder marketCapUsd(BigDecimal v) { this.marketCapUsd = v; return this; }
        public Builder change1hPct(BigDecimal v) { this.change1hPct = v; return this; }
        public Builder change24hPct(BigDecimal v) { this.change24hPct = v; return this; }
        public Builder change7dPct(BigDecimal v) { this.change7dPct = v; return this; }
        public Builder observedAt(Instant v) { this.observedAt = v; return this; }
        public Builder fetchedAt(Instant v) { this.fetchedAt = v; return this; }
        public Builder pollId(String v) { this.pollId = v; return this; }

        public Quote build() {
            return new Quote(schemaVersion, source, symbol, name, rank, priceUsd, volume24hUsd, marketCapUsd,
                    change1hPct, change24hPct, change7dPct, observedAt, fetchedAt, pollId);
        }
    }
}
