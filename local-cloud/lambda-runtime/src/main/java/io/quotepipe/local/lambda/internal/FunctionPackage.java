package io.quotepipe.local.lambda.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A deployment package extracted as Lambda extracts it to {@code /var/task}: the runtime loads the
 * handler from the task root's classes and {@code lib/*.jar}
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/java-package.html">Java deployment packages</a>).
 */
public final class FunctionPackage {

    private FunctionPackage() {
    }

    /** Extracts {@code zip} into {@code taskDir}, which is emptied first: each host starts from the package. */
    public static Path extract(Path zip, Path taskDir) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException("Function package " + zip
                    + " does not exist: build the function first (./mvnw package)");
        }
        Path root = taskDir.toAbsolutePath().normalize();
        try {
            deleteRecursively(root);
            Files.createDirectories(root);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    write(in, entry, root, zip);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract function package " + zip + " into " + root, e);
        }
    }

    private static void write(InputStream in, ZipEntry entry, Path root, Path zip) throws IOException {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
            throw new IOException("Entry " + entry.getName() + " of " + zip + " points outside the task root");
        }
        if (entry.isDirectory()) {
            Files.createDirectories(target);
        } else {
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
