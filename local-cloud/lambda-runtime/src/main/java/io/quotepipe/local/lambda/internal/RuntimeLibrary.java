package io.quotepipe.local.lambda.internal;

import io.quotepipe.local.support.QuotepipeHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The runtime process's own libraries, the local {@code /var/runtime/lib}: AWS's runtime interface client
 * with its dependencies, the bootstrap main, and the client's JNI library. The build of
 * {@code local-cloud/lambda-runtime} assembles them in {@code target/lambda-runtime-lib}.
 */
public record RuntimeLibrary(Path dir) {

    static final String LOCATION = "local-cloud/lambda-runtime/target/lambda-runtime-lib";
    private static final String CLIENT_JAR_PREFIX = "aws-lambda-java-runtime-interface-client-";

    /** Finds the libraries under the quotepipe repository root, and checks that they were built. */
    public static RuntimeLibrary locate() {
        Path dir = QuotepipeHome.find().resolve(LOCATION);
        if (!containsClient(dir)) {
            throw new IllegalStateException("The Lambda runtime libraries are missing from " + dir
                    + ": build them with ./mvnw -pl local-cloud/lambda-runtime -am package");
        }
        return new RuntimeLibrary(dir);
    }

    /** The runtime process's class path; the JVM expands the wildcard to every jar of the directory. */
    public String classpath() {
        return dir.resolve("*").toString();
    }

    /**
     * The client's JNI library for this machine. Unpacked once at build time: left to itself the client
     * copies it to the fixed path {@code /tmp/.libaws-lambda-jni.so} at every start, where two runtimes
     * starting together would overwrite each other's.
     */
    public Path jniLibrary() {
        Path library = dir.resolve("jni").resolve("libaws-lambda-jni." + platform() + ".so");
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("No Lambda runtime JNI library for " + platform() + " at " + library
                    + ": the runtime interface client supports Linux on x86_64 and aarch64");
        }
        return library;
    }

    private static String platform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "linux-x86_64";
            case "aarch64", "arm64" -> "linux-aarch_64";
            default -> "linux-" + arch;
        };
    }

    private static boolean containsClient(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(CLIENT_JAR_PREFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the Lambda runtime libraries in " + dir, e);
        }
    }
}
