package io.quotepipe.consumer.internal;

/** Where finished batches go: S3 in the service ({@link S3BatchStore}), a map in unit tests. */
public interface BatchStore {

    /**
     * What a put found under the batch's key: the object it created, or the one that was there already (an earlier
     * attempt of this writer, or another owner's), with the offsets that object covers.
     *
     * @param created     whether this put created the object
     * @param firstOffset offset of the object's first line (its name)
     * @param endOffset   one past the last offset the object covers: what committing it commits
     */
    record Stored(boolean created, long firstOffset, long endOffset) {
    }

    /**
     * Creates the batch's object under its key unless an object of that name exists; never replaces one.
     *
     * @return what is stored under the key now
     * @throws RuntimeException when it is not known to be stored; the caller retries with backoff
     */
    Stored put(PartitionBatch batch);

    /** Where a batch goes, for log lines and alerts: {@code s3://bucket/key}. */
    String describe(PartitionBatch batch);
}
