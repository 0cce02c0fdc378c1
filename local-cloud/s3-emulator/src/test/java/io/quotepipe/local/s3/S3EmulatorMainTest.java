package io.quotepipe.local.s3;

import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The emulator's command line, read with local-cloud support's {@code ServerArgs} like every server main. */
class S3EmulatorMainTest {

    @Test
    void readsEveryOption_andDefaultsTheRest() {
        S3EmulatorMain.Options options = S3EmulatorMain.Options.parse(new String[] {
                "--port", "4566", "--data-dir", "/tmp/s3", "--notify-url", "http://127.0.0.1:9/events", "--auth", "none"});

        assertThat(options).isEqualTo(new S3EmulatorMain.Options(4566, Path.of("/tmp/s3"), URI.create("http://127.0.0.1:9/events"),
                AuthenticationType.NONE, "test", "test", "us-east-1"));
        assertThat(S3EmulatorMain.Options.parse(new String[0]).port()).isZero();
    }

    @Test
    void refusesAnUnknownOptionOrABadPort_withTheUsageLine() {
        assertThatThrownBy(() -> S3EmulatorMain.Options.parse(new String[] {"--prot", "1"}))
                .hasMessage("unknown argument '--prot'; usage: " + S3EmulatorMain.Options.USAGE);
        assertThatThrownBy(() -> S3EmulatorMain.Options.parse(new String[] {"--port", "70000"}))
                .hasMessageStartingWith("--port must be a port, 0..65535, was '70000'");
    }
}
