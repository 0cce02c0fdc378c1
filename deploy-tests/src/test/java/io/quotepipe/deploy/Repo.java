package io.quotepipe.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository these tests read: found through {@code -Dquotepipe.home} (set by the parent pom) or upwards from here. */
final class Repo {

    static final Path ROOT = locate();

    private Repo() {
    }

    static Path path(String first, String... more) {
        return ROOT.resolve(Path.of(first, more));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT.relativize(file.toAbsolutePath()), e);
        }
    }

    static String read(String first, String... more) {
        return read(path(first, more));
    }

    /** Regular files under {@code dir} whose name ends with {@code suffix}, sorted. */
    static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(p -> !p.toString().contains("/.terraform/"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static String relative(Path p) {
        return ROOT.relativize(p.toAbsolutePath()).toString();
    }

    private static Path locate() {
        String configured = System.getProperty("quotepipe.home");
        if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the quotepipe repository above " + Path.of("").toAbsolutePath()
                + "; run the tests with -Dquotepipe.home=<repository root>");
    }

    private static boolean isRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>quotepipe-parent</artifactId>")
                    && Files.isDirectory(dir.resolve("quote-core"));
        } catch (IOException e) {
            return false;
        }
    }
}
