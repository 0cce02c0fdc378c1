package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * template.yaml through cfn-lint, which checks it against the CloudFormation resource specification and runs the SAM
 * translator first: no error and no warning. I3011 is switched on as well: every stateful resource (queues, log groups,
 * bucket, table) says what happens to it when the stack goes or the resource is replaced.
 */
class CfnLintTest {

    @Test
    void templateHasNoErrorNoWarning_andEveryStatefulResourceHasADeletionPolicy() {
        Tool.Result result = Tool.run(Repo.ROOT, List.of("cfn-lint", "--format", "parseable", "-t", "template.yaml",
                "--include-checks", "I3011"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.out()).as(result.output()).isBlank();
    }
}
