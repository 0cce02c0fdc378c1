package io.quotepipe.query;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What the pipeline did last, from the data its stages write: the table's {@code LATEST} items (each carries its
 * quote's {@code source}, {@code pollId}, {@code fetchedAt} and the {@code s3Key} it was loaded from), the lake's
 * {@code quotes/} and {@code quarantine/} objects, and the records the stages keep in the lake for this panel
 * ({@code status/}, {@code dead-letters/}, {@code alerts/}; docs/design.md, "Pipeline records"). What cannot be read is
 * listed in {@code notAvailable} with the reason, never guessed.
 *
 * @param checkedAt    when this answer was put together
 * @param lastPoll     the poller's last poll ({@code status/poller.json}), else the newest poll whose quotes are
 *                     loaded; null when neither exists
 * @param lastLoad     the objects the newest poll's latest items were loaded from, and when the loader last finished a
 *                     load; null when neither exists
 * @param lastBatch    the newest batch object in the lake, or null when none was found or the lake cannot be read
 * @param quarantine   the quarantined lines, or null when the lake cannot be read
 * @param consumerLag  the consumer's lag per partition as it last recorded it, or null when none is recorded or the
 *                     lake cannot be read
 * @param deadLetters  the dead letters mirrored to the lake, or null when the lake cannot be read
 * @param alerts       the newest recorded alerts, newest first (empty: none in the last 7 days), or null when the lake
 *                     cannot be read
 * @param notAvailable the fields this answer cannot give, each with why and what would give it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineStatus(Instant checkedAt, LastPoll lastPoll, LastLoad lastLoad, LastBatch lastBatch,
        Quarantine quarantine, ConsumerLag consumerLag, DeadLetters deadLetters, List<RecordedAlert> alerts,
        List<NotAvailable> notAvailable) {

    public PipelineStatus {
        alerts = alerts == null ? null : List.copyOf(alerts);
        notAvailable = List.copyOf(notAvailable);
    }

    /**
     * The newest poll: what the poller recorded of it in {@code status/poller.json}; without that record, the
     * {@code LATEST} item with the newest {@code fetchedAt} ({@code outcome} and {@code failovers} then absent).
     *
     * @param pollId     its id
     * @param source     the provider that answered it (absent when every provider failed)
     * @param fetchedAt  when the poller finished it (from the record), or received its quotes (from the table)
     * @param observedAt when the provider observed them, when its quotes are loaded
     * @param quotes     how many quotes it published (from the record), or how many coins' latest quotes come from it
     * @param outcome    {@code published} or {@code failed} (every provider failed, or Kafka did not acknowledge)
     * @param failovers  the providers that failed before {@code source} answered, each with why; empty when none did
     */
    public record LastPoll(String pollId, String source, Instant fetchedAt, Instant observedAt, int quotes,
            String outcome, List<Failover> failovers) {

        public LastPoll {
            failovers = failovers == null ? null : List.copyOf(failovers);
        }
    }

    /**
     * A provider the poll failed over from.
     *
     * @param provider its id
     * @param reason   why, in one line
     */
    public record Failover(String provider, String reason) {
    }

    /**
     * The last load: the batch objects that the newest poll's latest items were loaded from (the table), and the
     * object the loader last finished loading, with when ({@code status/loader.json}).
     *
     * @param objects      the S3 keys, in key order
     * @param quotes       how many {@code LATEST} items were loaded from them
     * @param loadedObject the object of the loader's last finished load
     * @param loadedAt     when that load finished
     * @param lines        its lines
     * @param quarantined  how many of them it quarantined
     */
    public record LastLoad(List<String> objects, int quotes, String loadedObject, Instant loadedAt, Long lines,
            Long quarantined) {

        public LastLoad {
            objects = List.copyOf(objects);
        }
    }

    /**
     * The consumer's lag: records of each partition not yet committed, i.e. not yet in S3, as each partition's
     * consumer last recorded it ({@code status/consumer/<group>/<topic>-<partition>.json}).
     *
     * @param total          the sum over the partitions
     * @param oldestMeasured the oldest of the partitions' measurements: a consumer that stopped recording shows here
     * @param partitions     each partition's lag, by group, topic and partition
     * @param truncated      true when there were more partitions than were read
     */
    public record ConsumerLag(long total, Instant oldestMeasured, List<PartitionLag> partitions, boolean truncated) {

        public ConsumerLag {
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * One partition's lag.
     *
     * @param group      the consumer group
     * @param topic      the topic
     * @param partition  the partition
     * @param lag        log end offset minus committed offset
     * @param measuredAt when its consumer measured it
     */
    public record PartitionLag(String group, String topic, int partition, long lag, Instant measuredAt) {
    }

    /**
     * The dead letters, counted by listing their mirrors in the lake ({@code dead-letters/<topic>-<partition>-<offset>.json},
     * one object per poison record however often it was sent); the records themselves are in the dead-letter topic.
     *
     * @param count        how many (at least, when {@code truncated})
     * @param latestKey    the newest one's object, or null when there is none
     * @param latestAt     when it was written
     * @param latestReason why it was refused
     * @param truncated    true when there were too many to count all of them
     */
    public record DeadLetters(int count, String latestKey, Instant latestAt, String latestReason, boolean truncated) {
    }

    /**
     * An alert as a stage sent it (after rate limiting), recorded under {@code alerts/dt=<date>/}.
     *
     * @param time      when it was raised
     * @param component the stage
     * @param kind      its stable short name
     * @param message   what happened and what to do
     * @param folded    how many earlier alerts of its kind it sums up
     */
    public record RecordedAlert(Instant time, String component, String kind, String message, int folded) {
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
