package io.quotepipe.poller.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/**
 * The alerts that reached the SNS topic, read back through the SQS queue the local cloud subscribes
 * to it: what an operator's subscription would receive.
 */
public final class AlertQueue {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One SNS notification.
     *
     * @param subject      the SNS subject
     * @param body         the alert JSON (the notification's Message)
     * @param notification the whole notification, as delivered
     */
    public record Received(String subject, JsonNode body, String notification) {

        public String kind() {
            return body.path("kind").asText();
        }

        public String context(String field) {
            return body.path("context").path(field).asText(null);
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public AlertQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Waits (at most 15 s) for the alert whose context names {@code pollId}. */
    public Received awaitFor(String pollId) {
        await("an alert for poll " + pollId + " on the SNS topic").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    drain();
                    return find(pollId).isPresent();
                });
        return find(pollId).orElseThrow();
    }

    /** Everything received so far, the queue drained first. */
    public List<Received> all() {
        drain();
        return List.copyOf(received);
    }

    private Optional<Received> find(String pollId) {
        return received.stream().filter(r -> pollId.equals(r.context("pollId"))).findFirst();
    }

    private void drain() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
        for (Message m : messages) {
            try {
                JsonNode notification = JSON.readTree(m.body());
                received.add(new Received(notification.path("Subject").asText(),
                        JSON.readTree(notification.path("Message").asText()), m.body()));
            } catch (java.io.IOException e) {
                throw new AssertionError("not an SNS notification: " + m.body(), e);
            }
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        }
    }
}
