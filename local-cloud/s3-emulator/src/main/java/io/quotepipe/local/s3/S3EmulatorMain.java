package io.quotepipe.local.s3;

import io.quotepipe.local.support.ParentWatch;
import io.quotepipe.local.support.ServerArgs;
import io.quotepipe.local.support.ServerMain;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * Runs an S3 API (s3proxy) on 127.0.0.1 that raises S3 event notifications and answers conditional writes
 * ({@code If-None-Match: *}, {@code If-Match}) as S3 does ({@link S3Emulator}).
 *
 * <pre>
 * S3EmulatorMain [--port N] [--data-dir DIR] [--notify-url URL] [--auth aws-v2-v4|none]
 *                [--identity ID] [--credential SECRET] [--region REGION]
 * </pre>
 *
 * <p>Without {@code --data-dir} objects live in memory; with it they are files under DIR and survive a restart,
 * which is how the local cloud stops and starts S3 without losing the bucket. Requests are path-style
 * ({@code http://127.0.0.1:PORT/bucket/key}); by default they must be signed with access key {@code test} and
 * secret {@code test} (AWS Signature V2 or V4). With {@code --notify-url} every created object is announced by a
 * POST of its event JSON ({@link S3EventNotification}) to that URL. On stdout it prints exactly one line once
 * clients can connect: {@code READY port=<port>}. It exits when stdin closes (see {@link ParentWatch}).
 */
public final class S3EmulatorMain {

    private static final Duration CLEAN_STOP_GRACE = Duration.ofSeconds(5);

    private S3EmulatorMain() {
    }

    public static void main(String[] args) {
        ServerMain.runOrHalt(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        configureLogging();
        Options options = Options.parse(args);

        NotificationSender sender = options.notifyUrl() == null ? null : new NotificationSender(options.notifyUrl());
        Consumer<S3EventNotification> listener = sender == null ? event -> { } : sender;
        S3Emulator emulator = S3Emulator.start(options, listener);
        ParentWatch.onParentExit("s3", () -> {
            try {
                emulator.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
            if (sender != null) {
                sender.drain(Duration.ofSeconds(2));
            }
        }, CLEAN_STOP_GRACE);
        System.out.println("READY port=" + emulator.port());
        System.out.flush();
    }

    private static void configureLogging() {
        if (System.getProperty("logback.configurationFile") == null) {
            var config = S3EmulatorMain.class.getResource("/quotepipe-s3-logback.xml");
            if (config != null) {
                System.setProperty("logback.configurationFile", config.toString());
            }
        }
    }

    record Options(int port, Path dataDir, URI notifyUrl, AuthenticationType auth, String identity,
                   String credential, String region) {

        static final String USAGE = "S3EmulatorMain [--port N] [--data-dir DIR] [--notify-url URL] [--auth aws-v2-v4|none]"
                + " [--identity ID] [--credential SECRET] [--region REGION]";

        static Options parse(String[] args) {
            ServerArgs parsed = ServerArgs.parse(args, USAGE, Set.of("--port", "--data-dir", "--notify-url", "--auth",
                    "--identity", "--credential", "--region"), Set.of());
            return new Options(parsed.port("--port"), parsed.path("--data-dir").orElse(null),
                    parsed.value("--notify-url").map(URI::create).orElse(null),
                    parsed.value("--auth").map(AuthenticationType::fromString).orElse(AuthenticationType.AWS_V2_OR_V4),
                    parsed.value("--identity").orElse("test"), parsed.value("--credential").orElse("test"),
                    parsed.value("--region").orElse("us-east-1"));
        }
    }
}
