package io.quotepipe.local.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;


/**
 * Finds the root of the quotepipe repository, where the servers' modules and their built jars are.
 *
 * <p>In order: system property {@code quotepipe.home} (set by the Maven build for tests), environment variable
 * {@code QUOTEPIPE_HOME}, then the nearest directory at or above the working directory whose {@code pom.xml} is the
 * parent build ({@code <artifactId>quotepipe-parent</artifactId>} as the project's own id, not as its parent's).
 */
public final class QuotepipeHome {

    static final String PROPERTY = "quotepipe.home";
    static final String ENVIRONMENT = "QUOTEPIPE_HOME";

    private static final Pattern PARENT_BLOCK = Pattern.compile("(?s)<parent>.*?</parent>");
    private static final Pattern PARENT_BUILD = Pattern.compile("<artifactId>\\s*quotepipe-parent\\s*</artifactId>");

    private QuotepipeHome() {
    }

    /** The repository root; fails with a message that says how to point at it. */
    public static Path find() {
        String configured = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT);
            source = "environment variable " + ENVIRONMENT;
        }
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured).toAbsolutePath().normalize();
            if (!isParentBuild(home)) {
                throw new IllegalStateException(source + " is '" + configured + "', which is not the quotepipe "
                        + "repository root (no pom.xml with artifactId quotepipe-parent there)");
            }
            return home;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isParentBuild(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the quotepipe repository root from " + start
                + ": set -D" + PROPERTY + "=/path/to/quotepipe or " + ENVIRONMENT + "=/path/to/quotepipe");
    }

    static boolean isParentBuild(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            String withoutParent = PARENT_BLOCK.matcher(Files.readString(pom)).replaceFirst("");
            return PARENT_BUILD.matcher(withoutParent).find();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pom, e);
        }
    }
}
