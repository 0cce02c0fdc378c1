package io.quotepipe.query.testing;

import io.quotepipe.core.Times;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.time.Instant;

/**
 * Seeds a running DynamoDB (e.g. the local cloud's) with {@link Seed} data, for trying the
 * service and the README's commands by hand:
 *
 * <pre>
 * ./mvnw -q -pl query-service exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.quotepipe.query.testing.SeedMain -Dexec.args="http://127.0.0.1:8000 crypto-quotes [anchor|now]"
 * </pre>
 */
public final class SeedMain {

    private SeedMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: SeedMain ENDPOINT TABLE [ANCHOR|now] (anchor default "
                    + ReadmeData.ANCHOR + ")");
        }
        Instant anchor = args.length > 2 && args[2].equals("now") ? Seed.nowSlot()
                : args.length > 2 ? Times.parse(args[2]) : ReadmeData.ANCHOR;
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(args[0]))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            Seed.createTable(dynamo, args[1]);
            int items = Seed.of(anchor).writeTo(dynamo, args[1]).items().size();
            System.out.println("Seeded " + items + " items into " + args[1] + " at " + args[0] + ", anchor "
                    + Times.format(anchor));
        }
    }
}
