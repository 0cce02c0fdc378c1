package io.quotepipe.query.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.quotepipe.core.Quote;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.core.Times;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;

/**
 * The API's JSON: a quote is written as Quote JSON v1 by quote-core's own codec (the pipeline's one definition of
 * it), every time in the pipeline's format ({@code 2026-11-21T18:05:00.000Z}), every decimal as a plain JSON number
 * from its {@code BigDecimal} (never through {@code double}, never {@code 1E+3}).
 */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {

    /** Last, after Quarkus has registered its own modules (among them the Java time module this one overrides). */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Also used by tests that check the JSON without starting the app. */
    public static ObjectMapper apply(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("quotepipe");
        module.addSerializer(Quote.class, new QuoteSerializer());
        module.addSerializer(Instant.class, new InstantSerializer());
        mapper.registerModule(module);
        mapper.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return mapper;
    }

    static final class QuoteSerializer extends StdSerializer<Quote> {
        private static final long serialVersionUID = 1L;

        QuoteSerializer() {
            super(Quote.class);
        }

        @Override
        public void serialize(Quote quote, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeRawValue(QuoteJson.write(quote));
        }
    }

    static final class InstantSerializer extends StdSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Times.format(value));
        }
    }
}
