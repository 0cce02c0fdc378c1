package io.quotepipe.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.query.testing.AwsCliAsSdk;
import io.quotepipe.query.testing.LocalCloudResource;
import io.quotepipe.query.testing.ReadmeCommands;
import io.quotepipe.query.testing.ReadmeData;
import io.quotepipe.query.testing.Seed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code aws dynamodb} example of docs/querying.md, run against the local cloud's {@code crypto-quotes} table
 * seeded with its example data: the SDK makes the same request with the same parameters, and the answer must be the
 * output the document shows. Where the AWS CLI is installed, the command itself runs too and must print the same.
 *
 * <p>It needs no app, but it is a {@code @QuarkusTest} with the module's one test resource so that it shares the
 * app start and, above all, the JVM's one local cloud with the other tests instead of starting a second one.
 */
@QuarkusTest
@WithTestResource(LocalCloudResource.class)
class ReadmeQueriesIT {

    /** The query guide README links to, where users look for queries. */
    private static final Path README = Path.of(System.getProperty("quotepipe.home", "..")).resolve("docs/querying.md");
    private static String endpoint;

    @BeforeAll
    static void seed() {
        LocalCloud cloud = LocalCloud.shared();
        endpoint = cloud.endpoints().dynamoDb().toString();
        Seed.of(ReadmeData.ANCHOR).writeTo(cloud.dynamoDbClient(), cloud.endpoints().table());
    }

    @TestFactory
    Stream<DynamicTest> everyExampleGivesTheOutputTheReadmeShows() throws IOException {
        LocalCloud cloud = LocalCloud.shared();
        List<ReadmeCommands.Example> examples = ReadmeCommands.read(README);
        assertThat(examples).as("aws dynamodb examples in " + README.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(5);
        AwsCliAsSdk sdk = new AwsCliAsSdk(cloud.dynamoDbClient());
        Optional<Path> cli = awsCli();
        List<DynamicTest> tests = new ArrayList<>();
        for (ReadmeCommands.Example example : examples) {
            JsonNode expected = AwsCliAsSdk.tree(example.expected());
            String name = "docs/querying.md line " + example.line() + ": aws dynamodb " + example.operation();
            tests.add(DynamicTest.dynamicTest(name + " (SDK)",
                    () -> assertThat(withoutConsumedCapacity(sdk.run(example))).isEqualTo(withoutConsumedCapacity(expected))));
            cli.ifPresent(aws -> tests.add(DynamicTest.dynamicTest(name + " (" + aws + ")",
                    () -> assertThat(withoutConsumedCapacity(runCli(aws, example))).isEqualTo(withoutConsumedCapacity(expected)))));
        }
        return tests.stream();
    }

    /**
     * {@code aws} on the PATH if it runs ({@code aws --version}: a shim of a version manager may be there and fail),
     * unless {@code -Dquotepipe.readme.cli=false}. Without it the SDK still checks every example.
     */
    private static Optional<Path> awsCli() {
        if (!Boolean.parseBoolean(System.getProperty("quotepipe.readme.cli", "true"))) {
            return Optional.empty();
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "aws"))
                .filter(Files::isExecutable)
                .findFirst()
                .filter(ReadmeQueriesIT::runs);
    }

    private static boolean runs(Path aws) {
        try {
            Process process = new ProcessBuilder(aws.toString(), "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JsonNode runCli(Path aws, ReadmeCommands.Example example) throws Exception {
        Map<String, String> env = Map.of(
                "AWS_ENDPOINT_URL_DYNAMODB", endpoint,
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "us-east-1");
        List<String> command = new ArrayList<>(example.expanded(env::get));
        command.set(0, aws.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("AWS_PAGER", "");
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Path output = Files.createTempFile("readme-aws-", ".json");
        try {
            Process process = builder.redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("aws did not exit within 60 s: " + command);
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("exit status of %s, output:%n%s", command, printed).isZero();
            return AwsCliAsSdk.tree(printed);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The local DynamoDB reports no consumed capacity; AWS may, depending on the request. */
    private static JsonNode withoutConsumedCapacity(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove("ConsumedCapacity");
        }
        return copy;
    }
}
