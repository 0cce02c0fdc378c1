package io.quotepipe.local.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotepipeHomeTest {

    @TempDir
    Path repo;

    @Test
    void findsRootByItsOwnArtifactId_notByAChildsParentReference() throws IOException {
        Files.writeString(repo.resolve("pom.xml"), "<project><artifactId>quotepipe-parent</artifactId></project>");
        Path localCloud = Files.createDirectories(repo.resolve("local-cloud"));
        Files.writeString(localCloud.resolve("pom.xml"), """
                <project><parent><artifactId>quotepipe-parent</artifactId></parent>
                <artifactId>local-cloud-parent</artifactId></project>""");
        Path module = Files.createDirectories(localCloud.resolve("lambda-runtime"));

        assertThat(QuotepipeHome.findAbove(module)).contains(repo.toAbsolutePath().normalize());
    }

    @Test
    void findsNothing_outsideTheRepository() {
        assertThat(QuotepipeHome.findAbove(repo)).isEmpty();
    }
}
