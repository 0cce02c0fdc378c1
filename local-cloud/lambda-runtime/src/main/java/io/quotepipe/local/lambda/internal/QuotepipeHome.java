package io.quotepipe.local.lambda.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The root of the quotepipe repository, where built artifacts are found: system property
 * {@code quotepipe.home}, else environment variable {@code QUOTEPIPE_HOME}, else the nearest directory
 * above the working directory whose {@code pom.xml} is the project {@code quotepipe-parent}.
 */
public final class QuotepipeHome {

    private static final String PARENT_ARTIFACT_ID = "quotepipe-parent";

    private QuotepipeHome() {
    }

    public static Path locate() {
        String configured = System.getProperty("quotepipe.home");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("QUOTEPIPE_HOME");
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path start = Path.of(System.getProperty("user.dir"));
        return findAbove(start).orElseThrow(() -> new IllegalStateException("Cannot find the quotepipe repository above "
                + start.toAbsolutePath() + ": set -Dquotepipe.home or QUOTEPIPE_HOME to its root"));
    }

    /** The nearest directory from {@code start} upwards whose pom.xml is the quotepipe parent project. */
    static Optional<Path> findAbove(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (isParentProject(dir.resolve("pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** True if the pom's own artifactId (not its parent's) is quotepipe-parent. */
    private static boolean isParentProject(Path pom) {
        if (!Files.isRegularFile(pom)) {
            return false;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
            for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
                if ("artifactId".equals(child.getNodeName())) {
                    return PARENT_ARTIFACT_ID.equals(child.getTextContent().trim());
                }
            }
            return false;
        } catch (IOException | ParserConfigurationException | SAXException e) {
            return false;
        }
    }
}
