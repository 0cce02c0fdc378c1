package io.quotepipe.local;

import io.quotepipe.local.support.QuotepipeHome;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;


/**
 * Starts the local cloud from the command line and keeps it running until Ctrl-C (SIGINT) or SIGTERM.
 *
 * <pre>
 * LocalCloudMain [--env-file FILE] [--partitions N] [--kafka-port N] [--s3-port N] [--dynamodb-port N]
 *                [--sns-port N] [--work-dir DIR] [--keep-work-dir]
 * </pre>
 *
 * <p>Prints the endpoints and writes the apps' environment to the env file (default
 * {@code <repo>/.quotepipe/local-cloud.env}), so that another shell can {@code set -a; . that-file; set +a}.
 * From the repository: {@code ./mvnw -q -pl local-cloud/cloud exec:java}.
 */
public final class LocalCloudMain {

    private LocalCloudMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalCloudOptions.Builder options = LocalCloudOptions.builder();
        Path envFile = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--keep-work-dir")) {
                options.keepWorkDir(true);
                continue;
            }
            if (option.equals("--help") || i + 1 >= args.length) {
                usage(option.equals("--help") ? null : option + " needs a value");
                return;
            }
            String value = args[++i];
            switch (option) {
                case "--env-file" -> envFile = Path.of(value);
                case "--partitions" -> options.kafkaPartitions(number(option, value));
                case "--kafka-port" -> options.kafkaPort(number(option, value));
                case "--s3-port" -> options.s3Port(number(option, value));
                case "--dynamodb-port" -> options.dynamoDbPort(number(option, value));
                case "--sns-port" -> options.snsPort(number(option, value));
                case "--work-dir" -> options.workDir(Path.of(value));
                default -> {
                    usage("unknown option " + option);
                    return;
                }
            }
        }

        LocalCloud cloud = LocalCloud.start(options.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local cloud...");
            cloud.close();
            stopped.countDown();
        }, "local-cloud-main-shutdown"));

        Path written = cloud.writeEnvFile(envFile != null ? envFile
                : QuotepipeHome.find().resolve(".quotepipe").resolve("local-cloud.env"));
        Endpoints e = cloud.endpoints();
        System.out.printf("""
                Local cloud ready in %d ms (work directory %s)
                  Kafka     %s   topics %s (%d partitions), %s
                  S3        %s   bucket %s (path-style; ObjectCreated events raised)
                  DynamoDB  %s   table %s
                  SNS/SQS   %s   topic %s -> queue %s
                  logs      %s
                Environment for the apps: %s   (set -a; . %s; set +a)
                Ctrl-C stops it.
                """, cloud.startDuration().toMillis(), cloud.workDir(), e.kafkaBootstrapServers(), e.kafkaTopic(),
                cloud.options().kafkaPartitions(), e.deadLetterTopic(), e.s3(), e.bucket(), e.dynamoDb(), e.table(),
                e.sns(), e.alertsTopicArn(), e.alertsQueueUrl(), cloud.workDir().resolve("logs"), written, written);
        stopped.await();
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, was '" + value + "'", e);
        }
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println(problem);
        }
        System.err.println("usage: LocalCloudMain [--env-file FILE] [--partitions N] [--kafka-port N] [--s3-port N]"
                + " [--dynamodb-port N] [--sns-port N] [--work-dir DIR] [--keep-work-dir]");
        if (problem != null) {
            System.exit(2);
        }
    }
}
