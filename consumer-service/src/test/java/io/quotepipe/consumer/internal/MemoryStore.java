package io.quotepipe.consumer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An S3 bucket in memory that can be made to fail, for tests without servers. */
final class MemoryStore implements BatchStore {

    final Map<String, byte[]> objects = new TreeMap<>();
    /** Every put that succeeded, in order. */
    final List<String> puts = new ArrayList<>();
    boolean failing;
    int attempts;

    @Override
    public void put(PartitionBatch batch) {
        attempts++;
        if (failing) {
            throw new IllegalStateException("S3 is down (test)");
        }
        objects.put(batch.key().key(), batch.finish().clone());
        puts.add(batch.key().key());
    }

    @Override
    public String describe(PartitionBatch batch) {
        return "s3://test/" + batch.key().key();
    }
}
