package io.quotepipe.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.quotepipe.local.LocalCloudException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child-process protocol, against a shell script standing in for a server. */
class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void parsesKeyValuesOfTheReadyLine() {
        assertThat(ChildProcess.parseReadyLine("READY port=9092 controllerPort=9093"))
                .containsEntry("port", "9092")
                .containsEntry("controllerPort", "9093");
    }

    @Test
    void returnsReadyValues_andStopsTheChild_whenItsStdinIsClosed() {
        // Like a server: announce readiness, then live until stdin reaches end of file.
        ChildProcess child = ChildProcess.launch("fake", List.of("sh", "-c", "echo starting; echo READY port=4242; cat"),
                dir, dir.resolve("logs/fake.log"));

        assertThat(child.awaitReady(Duration.ofSeconds(10))).containsEntry("port", "4242");
        child.stop(Duration.ofSeconds(10));

        assertThat(child.isAlive()).isFalse();
        assertThat(dir.resolve("logs/fake.log")).content().contains("starting", "READY port=4242");
    }

    @Test
    void namesTheServerAndQuotesItsLog_whenItExitsBeforeReady() {
        ChildProcess child = ChildProcess.launch("broken", List.of("sh", "-c", "echo cannot bind port >&2; exit 3"),
                dir, dir.resolve("logs/broken.log"));

        assertThatThrownBy(() -> child.awaitReady(Duration.ofSeconds(10)))
                .isInstanceOf(LocalCloudException.class)
                .hasMessageContaining("local broken exited with code 3 before it was ready")
                .hasMessageContaining(dir.resolve("logs/broken.log").toString())
                .hasMessageContaining("cannot bind port");
    }

    @Test
    void killsTheChild_whenItIsNotReadyInTime() {
        ChildProcess child = ChildProcess.launch("slow", List.of("sh", "-c", "echo still loading; cat"),
                dir, dir.resolve("logs/slow.log"));

        assertThatThrownBy(() -> child.awaitReady(Duration.ofMillis(500)))
                .isInstanceOf(LocalCloudException.class)
                .hasMessageContaining("was not ready within")
                .hasMessageContaining("still loading");
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void tailKeepsOnlyTheLastLines() throws Exception {
        Path log = Files.writeString(dir.resolve("x.log"), "1\n2\n3\n4\n");

        assertThat(ChildProcess.tail(log, 2)).isEqualTo("    3" + System.lineSeparator() + "    4");
    }
}
