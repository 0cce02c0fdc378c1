package io.quotepipe.loader;

import io.quotepipe.core.Alert;
import io.quotepipe.core.alert.Alerts;
import io.quotepipe.core.time.BlockingBackoff;
import io.quotepipe.loader.internal.HistoryWriter;
import io.quotepipe.loader.internal.RollupWriter;
import io.quotepipe.local.LocalCloud;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The loader wired by hand, as {@link LoaderBeans} wires it, for tests that need a DynamoDB client of their own
 * (one that throttles) and for the benchmark. Alerts go to a list.
 */
final class HandBuilt implements AutoCloseable {

    final DynamoDbClient dynamo;
    final ExecutorService executor;
    final List<Alert> alerts = new CopyOnWriteArrayList<>();
    final ObjectLoader loader;

    HandBuilt(LocalCloud cloud, DynamoDbClient dynamo, Optional<Duration> retention, int writeConcurrency) {
        this.dynamo = dynamo;
        this.executor = Executors.newFixedThreadPool(writeConcurrency);
        String table = cloud.endpoints().table();
        BlockingBackoff backoff = LoaderBeans.throttlingBackoff();
        this.loader = new ObjectLoader(cloud.s3Client(), new HistoryWriter(dynamo, table, retention, backoff),
                new RollupWriter(dynamo, table, backoff, retention, Clock.systemUTC()), executor, new Alerts(alerts::add, Clock.systemUTC(), Duration.ZERO),
                writeConcurrency, 20_000);
    }

    /** A DynamoDB client for the local cloud, configured like the app's, with {@code interceptors}. */
    static DynamoDbClient dynamo(LocalCloud cloud, ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(cloud.endpoints().dynamoDb())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor i : interceptors) {
                        c.addExecutionInterceptor(i);
                    }
                })
                .build();
    }

    @Override
    public void close() {
        executor.shutdown();
        dynamo.close();
    }
}
