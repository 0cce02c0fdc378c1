package io.quotepipe.core;

import java.util.Objects;

/**
 * One line of an S3 batch object: the quote as it came through Kafka, with its coordinates.
 *
 * @param quote the quote
 * @param kafka where it sat in Kafka
 */
public record BatchLine(Quote quote, KafkaCoordinates kafka) {

    public BatchLine {
        Objects.requireNonNull(quote, "quote");
        Objects.requireNonNull(kafka, "kafka");
    }
}
