package io.quotepipe.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What an operator subscribed to the alert topic receives: the SQS queue the local cloud subscribes to the topic,
 * read as it fills, so that alerts are counted even across an outage of the SNS emulator (which empties it).
 */
final class AlertInbox implements AutoCloseable {

    /** One alert as delivered: {@code component}, {@code kind} and when it was read. */
    record Received(String component, String kind, String message, Instant at) {
        String name() {
            return component + ":" + kind;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger readErrors = new AtomicInteger();
    private final Thread reader;
    private volatile boolean closed;

    AlertInbox(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.reader = new Thread(this::read, "alert-inbox");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (!closed) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                for (Message m : messages) {
                    received.add(parse(m.body()));
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                }
            } catch (RuntimeException e) {
                // The SNS/SQS emulator is down (a fault of the run): try again until it is back.
                readErrors.incrementAndGet();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static Received parse(String body) {
        try {
            JsonNode notification = JSON.readTree(body);
            JsonNode alert = JSON.readTree(notification.path("Message").asText());
            return new Received(alert.path("component").asText("?"), alert.path("kind").asText("?"),
                    alert.path("message").asText(""), Instant.now());
        } catch (Exception e) {
            return new Received("?", "unreadable", body, Instant.now());
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** How many alerts of each {@code component:kind}. */
    Map<String, Integer> byKind() {
        Map<String, Integer> counts = new TreeMap<>();
        received.forEach(r -> counts.merge(r.name(), 1, Integer::sum));
        return counts;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
    }
}
