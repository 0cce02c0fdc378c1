package io.quotepipe.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the local cloud creates and where. The defaults are the names of docs/design.md and free ports chosen at start;
 * {@link #builder()} changes any of them.
 *
 * @param kafkaTopic          the quote topic ({@code quotepipe.kafka.topic})
 * @param kafkaPartitions     its partitions: more than one, so that tests see keys spread and ordered per partition
 * @param deadLetterTopic     the consumer's dead-letter topic
 * @param bucket              the quote bucket ({@code quotepipe.s3.bucket})
 * @param table               the DynamoDB table ({@code quotepipe.dynamodb.table})
 * @param alertsTopic         the SNS alert topic's name ({@code quotepipe.alerts.topic-arn} is its ARN)
 * @param alertsQueue         an SQS queue subscribed to the alert topic, from which tests read the alerts
 * @param kafkaPort           the broker's port; 0 picks a free one (so do the three ports below)
 * @param s3Port              the S3 emulator's port
 * @param dynamoDbPort        the DynamoDB server's (dynalite's) port
 * @param snsPort             the SNS/SQS emulator's port
 * @param workDir             logs and data; null: {@code <repo>/target/local-cloud/<run>}
 * @param keepWorkDir         keep the work directory after {@code close()} (it is always kept when start fails)
 * @param s3InMemory          keep S3 objects in memory, lost when S3 stops; by default they are files in the work
 *                            directory and survive {@code s3().stop()} and {@code start()}
 * @param startTimeout        how long one server may take to become ready
 */
public record LocalCloudOptions(
        String kafkaTopic,
        int kafkaPartitions,
        String deadLetterTopic,
        String bucket,
        String table,
        String alertsTopic,
        String alertsQueue,
        int kafkaPort,
        int s3Port,
        int dynamoDbPort,
        int snsPort,
        Path workDir,
        boolean keepWorkDir,
        boolean s3InMemory,
        Duration startTimeout) {

    public LocalCloudOptions {
        requireName(kafkaTopic, "kafkaTopic");
        requireName(deadLetterTopic, "deadLetterTopic");
        requireName(bucket, "bucket");
        requireName(table, "table");
        requireName(alertsTopic, "alertsTopic");
        requireName(alertsQueue, "alertsQueue");
        if (kafkaPartitions < 1) {
            throw new IllegalArgumentException("kafkaPartitions must be at least 1, was " + kafkaPartitions);
        }
        requirePort(kafkaPort, "kafkaPort");
        requirePort(s3Port, "s3Port");
        requirePort(dynamoDbPort, "dynamoDbPort");
        requirePort(snsPort, "snsPort");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
        }
    }

    /** The names of docs/design.md, free ports, a fresh work directory under the repository's target/. */
    public static LocalCloudOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireName(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePort(int port, String name) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0 (any free port) or 1..65535, was " + port);
        }
    }

    /** Builds {@link LocalCloudOptions}; starts from the defaults. */
    public static final class Builder {
        private String kafkaTopic = "crypto-quotes";
        private int kafkaPartitions = 3;
        private String deadLetterTopic = "crypto-quotes-dlq";
        private String bucket = "quotepipe-quotes";
        private String table = "crypto-quotes";
        private String alertsTopic = "quotepipe-alerts";
        private String alertsQueue = "quotepipe-alerts-inbox";
        private int kafkaPort;
        private int s3Port;
        private int dynamoDbPort;
        private int snsPort;
        private Path workDir;
        private boolean keepWorkDir;
        private boolean s3InMemory;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        private Builder(LocalCloudOptions o) {
            kafkaTopic = o.kafkaTopic;
            kafkaPartitions = o.kafkaPartitions;
            deadLetterTopic = o.deadLetterTopic;
            bucket = o.bucket;
            table = o.table;
            alertsTopic = o.alertsTopic;
            alertsQueue = o.alertsQueue;
            kafkaPort = o.kafkaPort;
            s3Port = o.s3Port;
            dynamoDbPort = o.dynamoDbPort;
            snsPort = o.snsPort;
            workDir = o.workDir;
            keepWorkDir = o.keepWorkDir;
            s3InMemory = o.s3InMemory;
            startTimeout = o.startTimeout;
        }

        public Builder kafkaTopic(String kafkaTopic) {
            this.kafkaTopic = kafkaTopic;
            return this;
        }

        public Builder kafkaPartitions(int kafkaPartitions) {
            this.kafkaPartitions = kafkaPartitions;
            return this;
        }

        public Builder deadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        public Builder table(String table) {
            this.table = table;
            return this;
        }

        public Builder alertsTopic(String alertsTopic) {
            this.alertsTopic = alertsTopic;
            return this;
        }

        public Builder alertsQueue(String alertsQueue) {
            this.alertsQueue = alertsQueue;
            return this;
        }

        public Builder kafkaPort(int kafkaPort) {
            this.kafkaPort = kafkaPort;
            return this;
        }

        public Builder s3Port(int s3Port) {
            this.s3Port = s3Port;
            return this;
        }

        public Builder dynamoDbPort(int dynamoDbPort) {
            this.dynamoDbPort = dynamoDbPort;
            return this;
        }

        public Builder snsPort(int snsPort) {
            this.snsPort = snsPort;
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder keepWorkDir(boolean keepWorkDir) {
            this.keepWorkDir = keepWorkDir;
            return this;
        }

        public Builder s3InMemory(boolean s3InMemory) {
            this.s3InMemory = s3InMemory;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public LocalCloudOptions build() {
            return new LocalCloudOptions(kafkaTopic, kafkaPartitions, deadLetterTopic, bucket, table, alertsTopic,
                    alertsQueue, kafkaPort, s3Port, dynamoDbPort, snsPort, workDir, keepWorkDir, s3InMemory,
                    startTimeout);
        }
    }
}
