package io.quotepipe.consumer.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An S3 bucket in memory, create-only as the service's puts are, that can be made to fail, for tests without servers. */
final class MemoryStore implements BatchStore {

    final Map<String, byte[]> objects = new TreeMap<>();
    /** What each object covers, as S3 keeps it in the object's metadata. */
    final Map<String, Stored> ranges = new HashMap<>();
    /** Every put that created an object, in order. */
    final List<String> puts = new ArrayList<>();
    /** Every put that found its key taken, in order. */
    final List<String> adopted = new ArrayList<>();
    boolean failing;
    /** Stores the object, then fails: a put that timed out after S3 took it. */
    boolean failingAfterStoring;
    int attempts;

    @Override
    public Stored put(PartitionBatch batch) {
        attempts++;
        if (failing) {
            throw new IllegalStateException("S3 is down (test)");
        }
        String key = batch.key().key();
        Stored existing = ranges.get(key);
        if (existing != null) {
            adopted.add(key);
            return existing;
        }
        objects.put(key, batch.finish().clone());
        Stored stored = new Stored(true, batch.firstOffset(), batch.endOffset());
        ranges.put(key, new Stored(false, batch.firstOffset(), batch.endOffset()));
        puts.add(key);
        if (failingAfterStoring) {
            throw new IllegalStateException("timed out waiting for S3's answer (test)");
        }
        return stored;
    }

    @Override
    public String describe(PartitionBatch batch) {
        return "s3://test/" + batch.key().key();
    }
}
