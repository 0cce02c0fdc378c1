package io.quotepipe.query.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quotepipe.core.Times;
import io.quotepipe.local.LocalCloud;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local cloud's own Quarkus test resource ({@link io.quotepipe.local.quarkus.LocalCloudResource}: the JVM's
 * shared cloud, dynalite on 127.0.0.1), limited to the DynamoDB client this app has, and a table of this
 * module's own seeded with {@link Seed} data whose last quotes are "now", so that the API's default ranges and the
 * dashboard see them, and an S3 bucket of the same name as the pipeline panel's lake (empty at the start). The anchor reaches the tests as config {@value #ANCHOR_KEY}.
 *
 * <p>Every {@code @QuarkusTest} class of this module names this one resource, so they share one app start. The
 * benchmark passes init args: {@value #TABLE_ARG} (another table) and {@value #EXTRA_COINS_ARG} (that many more
 * coins in {@code LATEST}, for a realistic latest-of-all answer).
 */
public class LocalCloudResource implements QuarkusTestResourceLifecycleManager {

    /** Not the cloud's own {@code crypto-quotes}: the README test owns that one and its fixed data. */
    public static final String TABLE = "quotes-api-it";
    public static final String ANCHOR_KEY = "quotepipe-test.anchor";
    public static final String TABLE_ARG = "table";
    public static final String EXTRA_COINS_ARG = "extra-coins";

    private final io.quotepipe.local.quarkus.LocalCloudResource cloudResource =
            new io.quotepipe.local.quarkus.LocalCloudResource();

    private String table = TABLE;
    private int extraCoins;

    @Override
    public void init(Map<String, String> initArgs) {
        table = initArgs.getOrDefault(TABLE_ARG, TABLE);
        extraCoins = Integer.parseInt(initArgs.getOrDefault(EXTRA_COINS_ARG, "0"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>();
        cloudResource.start().forEach((key, value) -> {
            if (key.startsWith("quarkus.dynamodb.") || key.startsWith("quarkus.s3.")) {
                config.put(key, value);
            }
        });
        LocalCloud cloud = LocalCloud.shared();
        Seed.createTable(cloud.dynamoDbClient(), table);
        // A bucket of this table's own for the pipeline panel's lake (the name rules of tables and buckets allow both).
        try {
            cloud.s3Client().createBucket(b -> b.bucket(table));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                 | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException alreadyThere) {
            // Made by an earlier app start of this run: what was wanted.
        }
        config.put("quotepipe.s3.bucket", table);
        Seed seed = Seed.of(Seed.nowSlot()).writeTo(cloud.dynamoDbClient(), table);
        if (extraCoins > 0) {
            Seed more = Seed.of(seed.anchor(), Seed.syntheticCoins(extraCoins));
            Seed.write(cloud.dynamoDbClient(), table, more.latest().stream().map(Seed::latestItem).toList());
        }
        config.put("quotepipe.dynamodb.table", table);
        config.put(ANCHOR_KEY, Times.format(seed.anchor()));
        return config;
    }

    @Override
    public void stop() {
        cloudResource.stop();
    }
}
