package io.quotepipe.consumer.internal;

/** Where finished batches go: S3 in the service ({@link S3BatchStore}), a map in unit tests. */
public interface BatchStore {

    /**
     * Stores the batch's object under its key, replacing any object of that name.
     *
     * @throws RuntimeException when it is not stored; the caller retries with backoff
     */
    void put(PartitionBatch batch);

    /** Where a batch goes, for log lines and alerts: {@code s3://bucket/key}. */
    String describe(PartitionBatch batch);
}
