package io.quotepipe.deploy;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * terraform/ through Terraform itself: formatted, initialised offline, valid, and its own tests
 * ({@code terraform/tests/*.tftest.hcl}: plans of every Kafka mode from an empty state with a mocked AWS provider).
 * The provider comes from a local plugin directory ({@code -Dquotepipe.terraform.plugin-dir}, default
 * {@code /opt/tf-plugins}): no registry, no account.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerraformToolTest {

    private static final Path DIR = Repo.path("terraform");
    private static final String PLUGIN_DIR = System.getProperty("quotepipe.terraform.plugin-dir", "/opt/tf-plugins");
    /** No user CLI configuration (credentials helpers, mirrors): the run depends on the repository only. */
    private static final Map<String, String> ENV = Map.of("TF_CLI_CONFIG_FILE", "/dev/null", "TF_IN_AUTOMATION", "1",
            "CHECKPOINT_DISABLE", "1");

    private static Tool.Result terraform(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("terraform"));
        command.addAll(List.of(args));
        return Tool.run(DIR, Duration.ofMinutes(5), ENV, command);
    }

    @Test
    @Order(1)
    void isFormatted() {
        Tool.Result result = terraform("fmt", "-check", "-recursive", "-diff", "-no-color");

        assertThat(result.exitCode()).as("terraform fmt -recursive would change:\n" + result.output()).isZero();
    }

    @Test
    @Order(2)
    void initialisesOfflineAndIsValid() {
        assertThat(Path.of(PLUGIN_DIR)).as("the AWS provider's plugin directory (-Dquotepipe.terraform.plugin-dir)").isDirectory();
        Tool.Result init = terraform("init", "-backend=false", "-input=false", "-no-color", "-plugin-dir=" + PLUGIN_DIR);
        assertThat(init.exitCode()).as(init.output()).isZero();

        Tool.Result validate = terraform("validate", "-no-color");

        assertThat(validate.exitCode()).as(validate.output()).isZero();
    }

    @Test
    @Order(3)
    void plansEveryModeFromAnEmptyState() {
        if (!Files.isDirectory(DIR.resolve(".terraform"))) {
            initialisesOfflineAndIsValid();
        }
        Tool.Result test = terraform("test", "-no-color");

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.out()).as(test.output()).contains("0 failed");
    }
}
