package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/deploy.md takes a user from zero to alerts in an inbox, and explains every parameter and the cost. */
class DeployDocTest {

    private static final String DOC = Repo.read("docs", "deploy.md");

    @Test
    void documentsEveryTemplateParameter() {
        for (String parameter : Template.load().parameters().keySet()) {
            assertThat(DOC).as("docs/deploy.md explains parameter " + parameter).contains("`" + parameter + "`");
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
        assertThat(DOC).contains("## Monthly cost");
        for (String service : new String[] {"Lambda", "S3", "DynamoDB", "SNS", "CloudWatch", "Fargate", "MSK", "NAT gateway"}) {
            assertThat(DOC).as("cost of " + service).contains(service);
        }
        assertThat(DOC).as("unmeasured durations are marked").contains("ASSUMPTION");
    }
}
