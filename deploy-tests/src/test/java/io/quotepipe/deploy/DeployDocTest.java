package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/deploying.md takes a user from zero to alerts in an inbox, through a parameter change to {@code sam delete}, as
 * the template really behaves (the translated template where it matters), and README's "Deploy" points to it.
 */
class DeployDocTest {

    private static final String DOC = Repo.read("docs", "deploying.md");

    /** From {@code heading} to the next heading of the same level. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("a section '" + heading + "'").isNotNegative();
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = markdown.indexOf("\n" + level, start + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    @Test
    void readmesDeploySectionPointsToTheGuide() {
        assertThat(section(Repo.read("README.md"), "## Deploy")).contains("docs/deploying.md").contains("sam deploy --guided");
    }

    @Test
    void documentsEveryTemplateParameter() {
        for (String parameter : Template.load().parameters().keySet()) {
            assertThat(section(DOC, "## Parameters")).as("docs/deploying.md explains parameter " + parameter).contains("`" + parameter + "`");
        }
    }

    @Test
    void walksFromTheBuildToAConfirmedAlert() {
        assertThat(DOC).contains("./quotepipe build").contains("-Plambda").contains("sam build").contains("sam deploy --guided")
                .contains("Confirm subscription").contains("PendingConfirmation").contains("aws cloudwatch set-alarm-state")
                .contains("-Dquarkus.native.enabled=true").contains("provided.al2023").contains("QueryApiUrl");
    }

    /** The confirmation step names the subscription the template really creates: e-mail, to AlertEmail. */
    @Test
    void confirmationStepIsAboutTheTemplatesEmailSubscription() {
        Map<String, Object> subscription = Translated.properties(Translated.of(Translated.answers(Map.of())), "AlertsEmailSubscription");
        assertThat(subscription).containsEntry("Protocol", "email").containsEntry("Endpoint", Map.of("Ref", "AlertEmail"));
        assertThat(section(DOC, "### 8. Confirm the subscription")).contains("AlertsEmailSubscription").contains("`AlertEmail`")
                .contains("protocol `email`");
    }

    /** The poller the guide invokes by hand is the function its schedule invokes (no alias that could lag behind). */
    @Test
    void invokesThePollerAsItsScheduleDoes() {
        assertThat(Translated.ofType(Translated.of(Translated.answers(Map.of())), "AWS::Lambda::Alias"))
                .noneMatch(a -> a.startsWith("PollerFunction"));
        assertThat(DOC).contains("aws lambda invoke --function-name quotepipe-poller ").doesNotContain("quotepipe-poller:live");
    }

    @Test
    void walksAParameterChange() {
        String change = section(DOC, "## Change a parameter");
        assertThat(change).contains("sam deploy --guided").contains("samconfig.toml").contains("--parameter-overrides")
                .contains("aws lambda get-function-configuration");
    }

    /**
     * {@code sam delete} keeps what the translated template retains; each of those is named with how to delete it,
     * since a kept resource of fixed name makes the next {@code sam deploy} fail with "already exists".
     */
    @Test
    void samDeleteSectionNamesEveryResourceTheStackKeeps() {
        Map<String, Object> t = Translated.of(Translated.answers(Map.of("ConsumerImageTag", "0.1.0")));
        String delete = section(DOC, "## Take it down: `sam delete`");
        int kept = 0;
        for (Map.Entry<String, Object> e : Translated.resources(t).entrySet()) {
            Map<?, ?> resource = (Map<?, ?>) e.getValue();
            // SAM keeps old function versions by default; they go with their function.
            if ("Retain".equals(resource.get("DeletionPolicy")) && !"AWS::Lambda::Version".equals(resource.get("Type"))) {
                assertThat(delete).as("the sam delete section names the kept " + e.getKey()).contains("`" + e.getKey() + "`");
                kept++;
            }
        }
        assertThat(kept).as("resources the stack keeps").isPositive();
        assertThat(delete).contains("already exists").contains("Stage");
    }

    @Test
    void consumerImageStepsAreWhatTheBuildSupports() {
        String image = section(DOC, "### 7. The consumer image");
        String pom = Repo.read("consumer-service", "pom.xml");
        assertThat(pom).contains("<id>image</id>").contains("<artifactId>quarkus-container-image-jib</artifactId>");
        assertThat(image).contains("-Pimage").contains("-Dquarkus.container-image.push=true").contains("-Dquarkus.container-image.image=");
        assertThat(Repo.path("consumer-service", "src", "main", "docker", "Dockerfile.jvm")).isRegularFile();
        assertThat(image).contains("docker build -f consumer-service/src/main/docker/Dockerfile.jvm");
        assertThat(Repo.read("consumer-service", "src", "main", "docker", "Dockerfile.jvm"))
                .contains("EXPOSE " + AppModule.of("consumer-service").applicationProperties().getProperty("quarkus.http.port"));
    }

    @Test
    void worksOutTheMonthlyCostOfEveryService() {
        String cost = section(DOC, "## Monthly cost");
        for (String service : new String[] {"Lambda", "S3", "DynamoDB", "SNS", "CloudWatch", "Fargate", "MSK", "NAT gateway", "HTTP API"}) {
            assertThat(cost).as("cost of " + service).contains(service);
        }
        assertThat(cost).as("unmeasured durations are marked").contains("ASSUMPTION");
    }
}
