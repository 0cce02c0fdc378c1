package io.quotepipe.local.s3;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Delivers event notifications to one HTTP endpoint (the local cloud's event sink), one at a time and in the order
 * they were raised, off the S3 request thread: like S3, a PUT succeeds whether or not its event is delivered.
 *
 * <p>A failed POST is retried a few times with a growing pause, since the sink may be briefly busy; an event that
 * still cannot be delivered is reported on stderr (the emulator's log) and dropped, as S3 would after its retries.
 */
final class NotificationSender implements Consumer<S3EventNotification>, AutoCloseable {

    private static final int ATTEMPTS = 5;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

    private final URI endpoint;
    private final HttpClient http;
    private final ExecutorService queue;

    NotificationSender(URI endpoint) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        this.queue = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "s3-event-sender");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void accept(S3EventNotification event) {
        queue.execute(() -> deliver(event));
    }

    private void deliver(S3EventNotification event) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.toJson()))
                .build();
        Duration pause = FIRST_PAUSE;
        String lastProblem = "";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                lastProblem = "HTTP " + response.statusCode();
            } catch (IOException e) {
                lastProblem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastProblem = "interrupted";
                break;
            }
            if (attempt < ATTEMPTS && !sleep(pause)) {
                break;
            }
            pause = pause.multipliedBy(2);
        }
        System.err.println("S3 event " + event.eventName() + " for s3://" + event.bucket() + "/" + event.key()
                + " not delivered to " + endpoint + " after " + ATTEMPTS + " attempts: " + lastProblem);
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Delivers what is queued, waiting at most {@code grace}. */
    void drain(Duration grace) {
        queue.shutdown();
        try {
            queue.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        queue.shutdownNow();
        http.close();
    }
}
