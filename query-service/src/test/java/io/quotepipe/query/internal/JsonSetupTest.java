package io.quotepipe.query.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quotepipe.core.Times;
import io.quotepipe.query.Candle;
import io.quotepipe.query.History;
import io.quotepipe.query.testing.Seed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonSetupTest {

    /** As Quarkus builds it: the Java time module first, then the customizers. */
    private final ObjectMapper mapper = JsonSetup.apply(new ObjectMapper().registerModule(new JavaTimeModule())
            .setSerializationInclusion(JsonInclude.Include.NON_NULL));

    @Test
    void writesQuotesAsQuoteJsonV1_withExactDecimals() throws Exception {
        var pepe = Seed.of(Times.parse("2026-11-21T18:05:00.000Z")).latest("PEPE");
        History history = new History("PEPE", pepe.observedAt(), pepe.observedAt(), null, null, 1, false, List.of(pepe));

        String json = mapper.writeValueAsString(history);

        assertThat(json).startsWith("{\"symbol\":\"PEPE\",\"from\":\"2026-11-21T18:05:00.000Z\",\"to\":\"2026-11-21T18:05:00.000Z\",\"count\":1,\"truncated\":false,\"quotes\":[{\"schemaVersion\":1,");
        assertThat(json).contains("\"priceUsd\":0.000000012345,");
        assertThat(json).contains("\"observedAt\":\"2026-11-21T18:05:00.000Z\"");
    }

    @Test
    void writesCandleDecimalsPlain_neverInExponentForm() throws Exception {
        Candle candle = new Candle(Times.parse("2026-11-21T18:00:00Z"), new BigDecimal("1E+3"),
                new BigDecimal("1.2E+3"), new BigDecimal("1.2345E-8"), new BigDecimal("999.50"),
                null, null, null, Times.parse("2026-11-21T18:05:00Z"));

        String json = mapper.writeValueAsString(candle);

        assertThat(json).isEqualTo("{\"start\":\"2026-11-21T18:00:00.000Z\",\"open\":1000,\"high\":1200,"
                + "\"low\":0.000000012345,\"close\":999.50,\"closeAt\":\"2026-11-21T18:05:00.000Z\"}");
    }
}
