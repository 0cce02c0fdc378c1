package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** README's "Deploy" takes a user from zero to alerts in an inbox, and explains every parameter and the cost. */
class DeployDocTest {

    private static final String DOC = deploySection(Repo.read("README.md"));

    /** From README's {@code ## Deploy} to the next section of the same level. */
    static String deploySection(String readme) {
        int start = readme.indexOf("\n## Deploy\n");
        assertThat(start).as("README.md has a section '## Deploy'").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    @Test
    void documentsEveryTemplateParameter() {
        for (String parameter : Template.load().parameters().keySet()) {
            assertThat(DOC).as("README Deploy explains parameter " + parameter).contains("`" + parameter + "`");
        }
    }

    @Test
    void walksFromTheBuildToAConfirmedAlert() {
        assertThat(DOC).contains("./quotepipe build").contains("sam build").contains("sam deploy --guided")
                .contains("Confirm subscription").contains("aws cloudwatch set-alarm-state")
                .contains("-Dquarkus.native.enabled=true").contains("provided.al2023");
    }

    @Test
    void worksOutTheMonthlyCostOfEveryService() {
        assertThat(DOC).contains("### Monthly cost");
        for (String service : new String[] {"Lambda", "S3", "DynamoDB", "SNS", "CloudWatch", "Fargate", "MSK", "NAT gateway"}) {
            assertThat(DOC).as("cost of " + service).contains(service);
        }
        assertThat(DOC).as("unmeasured durations are marked").contains("ASSUMPTION");
    }
}
