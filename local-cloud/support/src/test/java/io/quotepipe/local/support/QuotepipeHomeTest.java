package io.quotepipe.local.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotepipeHomeTest {

    @TempDir
    Path dir;

    @Test
    void recognisesTheParentBuildByItsOwnArtifactId() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), """
                <project><groupId>io.quotepipe</groupId><artifactId>quotepipe-parent</artifactId></project>""");

        assertThat(QuotepipeHome.isParentBuild(dir)).isTrue();
    }

    @Test
    void doesNotTakeAModuleWhoseParentIsTheParentBuild() throws Exception {
        Files.writeString(dir.resolve("pom.xml"), """
                <project>
                  <parent><groupId>io.quotepipe</groupId><artifactId>quotepipe-parent</artifactId></parent>
                  <artifactId>local-cloud-parent</artifactId>
                </project>""");

        assertThat(QuotepipeHome.isParentBuild(dir)).isFalse();
    }

    @Test
    void findsThisRepository() {
        assertThat(QuotepipeHome.find().resolve("local-cloud/cloud/pom.xml")).exists();
    }
}
