package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every shell script of localstack/ through shellcheck, following what each sources (-x), at every severity. */
class ShellcheckTest {

    @Test
    void localstackScriptsPassShellcheck() {
        List<Path> scripts = Repo.files(Repo.path("localstack"), ".sh");
        assertThat(scripts).as("shell scripts under localstack/").isNotEmpty();
        List<String> command = new ArrayList<>(List.of("shellcheck", "--external-sources", "--severity=style"));
        scripts.forEach(s -> command.add(Repo.relative(s)));

        Tool.Result result = Tool.run(Repo.ROOT, command);

        assertThat(result.exitCode()).as(result.output()).isZero();
    }
}
