package io.quotepipe.poller.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.quotepipe.core.Quote;
import io.quotepipe.poller.provider.Rejected;
import io.quotepipe.poller.provider.internal.ProviderJson.BadField;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Provider arithmetic never expands an unbounded exponent, and nothing an element holds throws out of a fetch. */
class ProviderArithmeticTest {

    static final Instant T = Instant.parse("2026-11-21T18:05:00Z");

    @Test
    void forArithmetic_acceptsQuoteV1sMagnitudes_andZero() throws BadField {
        for (String ok : List.of("1E-130", "-1E-130", "9.99E+125", "1.003", "0", "0E-999999999", "0E+999999999")) {
            assertThat(ProviderJson.forArithmetic("delta.hour", new BigDecimal(ok))).isEqualByComparingTo(new BigDecimal(ok));
        }
    }

    @Test
    void forArithmetic_rejectsWhatLiesOutside_namingTheFieldAndTheValue_withoutExpandingIt() {
        assertThatThrownBy(() -> ProviderJson.forArithmetic("delta.hour", new BigDecimal("1e999999999")))
                .isInstanceOf(BadField.class).hasMessageStartingWith("delta.hour=1E+999999999 is out of range");
        assertThatThrownBy(() -> ProviderJson.forArithmetic("delta.day", new BigDecimal("9.9E-131")))
                .isInstanceOf(BadField.class).hasMessageContaining("delta.day=9.9E-131");
        assertThatThrownBy(() -> ProviderJson.forArithmetic("delta.week", new BigDecimal("1E+126")))
                .isInstanceOf(BadField.class);
        // The most extreme scales a BigDecimal can hold: precision - scale overflows an int.
        assertThatThrownBy(() -> ProviderJson.forArithmetic("x", new BigDecimal(BigInteger.TEN.pow(50), Integer.MIN_VALUE)))
                .isInstanceOf(BadField.class);
        assertThatThrownBy(() -> ProviderJson.forArithmetic("x", new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE)))
                .isInstanceOf(BadField.class);
    }

    @Test
    void anElementWhoseReadingThrows_isRejectedWithTheReason_andTheNextElementIsRead() throws Exception {
        List<Quote> quotes = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        JsonNode answer = ProviderJson.MAPPER.readTree("[{\"code\":\"BTC\",\"rate\":1},{\"code\":\"ETH\",\"rate\":2}]");

        for (JsonNode element : answer) {
            Fetch.element("livecoinwatch", element, "code", T, "p1", (e, quote) -> {
                if (e.get("code").asText().equals("BTC")) {
                    throw new ArithmeticException("BigInteger would overflow supported range");
                }
                quote.priceUsd(ProviderJson.decimal(e, "rate")).observedAt(T);
            }, quotes, rejected);
        }

        assertThat(rejected).containsExactly(new Rejected("BTC",
                "cannot be read (ArithmeticException: BigInteger would overflow supported range)"));
        assertThat(quotes).extracting(Quote::symbol).containsExactly("ETH");
    }
}
