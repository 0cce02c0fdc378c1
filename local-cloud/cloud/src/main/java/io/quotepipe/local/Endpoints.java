package io.quotepipe.local;

import java.net.URI;

/**
 * Where the local cloud's servers listen and what it created on them; all on 127.0.0.1.
 *
 * @param kafkaBootstrapServers {@code 127.0.0.1:<port>}
 * @param s3                    the S3 endpoint; path-style only ({@code http://127.0.0.1:<port>/<bucket>/<key>})
 * @param dynamoDb              the DynamoDB endpoint
 * @param sns                   the SNS endpoint
 * @param sqs                   the SQS endpoint (the same server as SNS)
 * @param kafkaTopic            the quote topic
 * @param deadLetterTopic       the dead-letter topic
 * @param bucket                the quote bucket
 * @param table                 the DynamoDB table
 * @param alertsTopicArn        the alert topic's ARN
 * @param alertsQueueUrl        the URL of the SQS queue subscribed to the alert topic
 */
public record Endpoints(
        String kafkaBootstrapServers,
        URI s3,
        URI dynamoDb,
        URI sns,
        URI sqs,
        String kafkaTopic,
        String deadLetterTopic,
        String bucket,
        String table,
        String alertsTopicArn,
        String alertsQueueUrl) {
}
