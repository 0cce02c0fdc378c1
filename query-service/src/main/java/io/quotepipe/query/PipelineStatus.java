package io.quotepipe.query;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What the pipeline did last, as far as the data it writes can tell: the table's {@code LATEST} items (each carries
 * its quote's {@code source}, {@code pollId}, {@code fetchedAt} and the {@code s3Key} it was loaded from) and the
 * lake's {@code quotes/} and {@code quarantine/} objects. What no stage records yet is listed in
 * {@code notAvailable} with the reason, never guessed.
 *
 * @param checkedAt    when this answer was put together
 * @param lastPoll     the newest poll whose quotes are loaded, or null when the table has none
 * @param lastLoad     the objects the newest poll's latest items were loaded from, or null when the table has none
 * @param lastBatch    the newest batch object in the lake, or null when none was found or the lake cannot be read
 * @param quarantine   the quarantined lines, or null when the lake cannot be read
 * @param notAvailable the fields this answer cannot give, each with why and what would give it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineStatus(Instant checkedAt, LastPoll lastPoll, LastLoad lastLoad, LastBatch lastBatch,
        Quarantine quarantine, List<NotAvailable> notAvailable) {

    public PipelineStatus {
        notAvailable = List.copyOf(notAvailable);
    }

    /**
     * The newest poll, from the {@code LATEST} item with the newest {@code fetchedAt}.
     *
     * @param pollId     its id
     * @param source     the provider that answered it
     * @param fetchedAt  when the poller received its quotes
     * @param observedAt when the provider observed them
     * @param quotes     how many coins' latest quotes come from it (all of the poll once every batch of it is loaded)
     */
    public record LastPoll(String pollId, String source, Instant fetchedAt, Instant observedAt, int quotes) {
    }

    /**
     * The last load the table shows: the batch objects that the newest poll's latest items were loaded from.
     *
     * @param objects the S3 keys, in key order
     * @param quotes  how many {@code LATEST} items were loaded from them
     */
    public record LastLoad(List<String> objects, int quotes) {

        public LastLoad {
            objects = List.copyOf(objects);
        }
    }

    /**
     * The newest object under {@code quotes/}, by the time S3 stored it.
     *
     * @param key       its key
     * @param sizeBytes its size
     * @param writtenAt when S3 stored it ({@code LastModified})
     * @param loaded    whether any {@code LATEST} item was loaded from it: false while the loader has not caught up
     *                  (or when every quote of it was superseded by a newer one)
     */
    public record LastBatch(String key, long sizeBytes, Instant writtenAt, boolean loaded) {
    }

    /**
     * The lines the loader quarantined ({@code quarantine/<batch key>.errors.jsonl}, one JSON line per rejected line).
     *
     * @param objects   how many quarantine objects there are
     * @param lines     how many rejected lines they hold (at least, when {@code truncated})
     * @param latestKey the newest quarantine object, or null when there is none
     * @param latestAt  when it was written
     * @param truncated true when there were too many objects to count all of them
     */
    public record Quarantine(int objects, int lines, String latestKey, Instant latestAt, boolean truncated) {
    }

    /**
     * A field the panel cannot show.
     *
     * @param field  the field, e.g. {@code consumerLag}
     * @param reason why it is not available, and what would make it so
     */
    public record NotAvailable(String field, String reason) {
    }
}
