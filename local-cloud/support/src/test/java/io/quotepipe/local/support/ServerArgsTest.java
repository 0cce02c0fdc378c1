package io.quotepipe.local.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ServerArgsTest {

    private static final String USAGE = "Main --data-dir DIR [--port N] [--verbose]";
    private static final Set<String> OPTIONS = Set.of("--data-dir", "--port");
    private static final Set<String> FLAGS = Set.of("--verbose");

    @Test
    void readsOptionsAndFlags_andDefaultsAnAbsentPortToZero() {
        ServerArgs args = ServerArgs.parse(new String[] {"--data-dir", "/tmp/k", "--verbose"}, USAGE, OPTIONS, FLAGS);

        assertThat(args.path("--data-dir")).contains(Path.of("/tmp/k"));
        assertThat(args.flag("--verbose")).isTrue();
        assertThat(args.port("--port")).isZero();
        assertThat(args.given()).containsExactly("--data-dir", "--verbose");
    }

    @Test
    void refusesAnUnknownOption_aMissingValue_andABadPort_withTheUsageLine() {
        assertThatThrownBy(() -> ServerArgs.parse(new String[] {"--prot", "1"}, USAGE, OPTIONS, FLAGS))
                .hasMessage("unknown argument '--prot'; usage: " + USAGE);
        assertThatThrownBy(() -> ServerArgs.parse(new String[] {"--port"}, USAGE, OPTIONS, FLAGS))
                .hasMessage("--port needs a value; usage: " + USAGE);
        assertThatThrownBy(() -> ServerArgs.parse(new String[] {"--port", "70000"}, USAGE, OPTIONS, FLAGS).port("--port"))
                .hasMessage("--port must be a port, 0..65535, was '70000'; usage: " + USAGE);
        assertThatThrownBy(() -> ServerArgs.parse(new String[0], USAGE, OPTIONS, FLAGS).required("--data-dir"))
                .hasMessage("--data-dir is required; usage: " + USAGE);
    }
}
