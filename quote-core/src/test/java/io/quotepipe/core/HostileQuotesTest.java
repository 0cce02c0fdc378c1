package io.quotepipe.core;

import io.quotepipe.core.testing.HostileQuotes;
import io.quotepipe.core.testing.HostileQuotes.Case;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every case of the hostile-value corpus, through both readers: a Kafka value ({@link QuoteJson#read(byte[])}) and an
 * S3 batch line ({@link QuoteJson#readLine}, decoded from UTF-8 as the loader decodes an object). A hostile case is
 * rejected with its reason; a case at a bound is accepted and makes an item DynamoDB stores (bounded numbers).
 */
class HostileQuotesTest {

    static final KafkaCoordinates KAFKA = new KafkaCoordinates("crypto-quotes", 0, 42, Instant.parse("2026-11-21T18:05:01.000Z"));

    static List<Case> hostile() {
        return HostileQuotes.hostile();
    }

    static List<Case> atBounds() {
        return HostileQuotes.atBounds();
    }

    @Test
    void theCorpusHasAtLeastFortyHostileCases_andCasesAtTheBounds() {
        assertThat(HostileQuotes.hostile()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(HostileQuotes.atBounds()).isNotEmpty();
        assertThat(HostileQuotes.all()).extracting(Case::name).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void rejectsTheKafkaValue_withItsReason(Case c) {
        Throwable thrown = catchThrowable(() -> QuoteJson.read(c.value()));

        assertThat(thrown).as(c.name()).isInstanceOf(InvalidQuoteException.class);
        assertThat(thrown.getMessage()).as(c.name()).containsPattern(c.reason());
        assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(thrown.getMessage()))
                .as("the reason goes to UTF-8 headers, files and logs: no lone surrogate").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void rejectsTheS3Line_withItsReason(Case c) {
        String line = new String(c.line(KAFKA), StandardCharsets.UTF_8); // as the loader decodes: bad bytes become U+FFFD

        Throwable thrown = catchThrowable(() -> QuoteJson.readLine(line));

        assertThat(thrown).as(c.name()).isInstanceOf(InvalidQuoteException.class);
        assertThat(thrown.getMessage()).as(c.name()).containsPattern(c.reason());
        assertThat(thrown.getMessage().length()).as("a reason stays readable").isLessThan(2000);
        assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(thrown.getMessage())).as(c.name()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("atBounds")
    void acceptsTheValueAtTheBound_andItsItemHoldsOnlyNumbersDynamoDbStores(Case c) throws Exception {
        Quote fromKafka = QuoteJson.read(c.value());
        BatchLine fromS3 = QuoteJson.readLine(new String(c.line(KAFKA), StandardCharsets.UTF_8));

        assertThat(fromS3.quote()).isEqualTo(fromKafka);
        for (Map.Entry<String, AttributeValue> a : QuoteItems.history(fromKafka, "k", Optional.empty()).entrySet()) {
            if (a.getValue().n() != null) {
                BigDecimal n = new BigDecimal(a.getValue().n());
                assertThat(a.getValue().n().length()).as(a.getKey()).isLessThanOrEqualTo(170);
                assertThat(n.signum() == 0 || n.abs().compareTo(new BigDecimal("1E-130")) >= 0).as(a.getKey()).isTrue();
                assertThat(n.abs()).as(a.getKey()).isLessThan(new BigDecimal("1E126"));
                assertThat(n.stripTrailingZeros().precision()).as(a.getKey()).isLessThanOrEqualTo(38);
            }
        }
    }
}
