package io.quotepipe.loader;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What loading one object did; logged per object and returned by the Lambda.
 *
 * @param bucket        the bucket
 * @param key           the object key (decoded)
 * @param lines         lines read
 * @param items         history items written
 * @param quarantined   lines put aside as invalid
 * @param candles       candle items that changed (created or improved), hourly and daily
 * @param latest        latest-snapshot items replaced
 * @param durationMs    wall time
 */
@RegisterForReflection
public record LoadSummary(String bucket, String key, long lines, long items, long quarantined, long candles, long latest,
        long durationMs) {

    @Override
    public String toString() {
        return "load s3://" + bucket + "/" + key + ": " + lines + " lines, " + items + " items written, " + quarantined
                + " quarantined, " + candles + " candles and " + latest + " latest changed, " + durationMs + " ms";
    }
}
