package io.quotepipe.local.s3;

import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * The emulator's server, startable in-process (by {@link S3EmulatorMain} and by tests): s3proxy on 127.0.0.1
 * over a store that answers conditional writes atomically ({@link ConditionalWriteBlobStore}) and raises
 * ObjectCreated events ({@link NotifyingBlobStore}) for the objects it creates.
 */
final class S3Emulator implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final S3Proxy proxy;

    private S3Emulator(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** Starts it; {@code listener} receives the event of every object created. */
    static S3Emulator start(S3EmulatorMain.Options options, Consumer<S3EventNotification> listener) throws Exception {
        Objects.requireNonNull(listener, "listener");
        // Conditions are checked outside the notifying store, so a refused put raises no event, as on S3.
        BlobStore store = new ConditionalWriteBlobStore(
                new NotifyingBlobStore(blobStore(options), options.region(), Clock.systemUTC(), listener));
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + HOST + ":" + options.port()))
                .awsAuthentication(options.auth(), options.identity(), options.credential())
                // Newer SDKs send headers s3proxy does not know (checksum hints, SDK metadata): accept them.
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        return new S3Emulator(proxy);
    }

    private static BlobStore blobStore(S3EmulatorMain.Options options) throws java.io.IOException {
        if (options.dataDir() == null) {
            return new TransientNio2BlobStore();
        }
        Files.createDirectories(options.dataDir());
        return new FilesystemNio2BlobStore(options.dataDir().toAbsolutePath().toString());
    }

    int port() {
        return proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
