package io.quotepipe.query;

import io.quotepipe.query.testing.ReadmeCommands;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadmeCommandsTest {

    @Test
    void readmeShowsACommandAndItsOutput_forEveryAccessPatternOfTheTable() throws Exception {
        List<ReadmeCommands.Example> examples = ReadmeCommands.read(Path.of(System.getProperty("quotepipe.home", "..")).resolve("docs/querying.md"));

        assertThat(examples).allSatisfy(e -> assertThat(e.expected()).startsWith("{"));
        assertThat(examples).anySatisfy(e -> {
            assertThat(e.operation()).isEqualTo("get-item");
            assertThat(e.options().get("key")).contains("\"LATEST\"", "\"COIN#BTC\"");
        });
        assertThat(examples).anySatisfy(e -> assertThat(e.options().get("expression-attribute-values"))
                .contains("\"LATEST\""));
        assertThat(examples).anySatisfy(e -> assertThat(e.options().get("expression-attribute-values"))
                .contains("\"COIN#ETH\"", "\"TS#2026-11-21T18:05:00.000Z#~\""));
        assertThat(examples).anySatisfy(e -> assertThat(e.options().get("expression-attribute-values"))
                .contains("\"OHLC#1h#BTC\""));
        assertThat(examples).anySatisfy(e -> assertThat(e.options().get("expression-attribute-values"))
                .contains("\"OHLC#1d#BTC\""));
        // PartiQL is AWS-only: the local cloud's DynamoDB (dynalite) has no ExecuteStatement, so no test could run it.
        assertThat(examples).extracting(ReadmeCommands.Example::operation).doesNotContain("execute-statement");
    }

    @Test
    void splitsACommandAsTheShellWould() {
        String markdown = """
                ```sh
                aws dynamodb query --endpoint-url "$AWS_ENDPOINT_URL_DYNAMODB" \\
                    --key-condition-expression "pk = :pk" --statement 'SELECT "a" FROM "t"' \\
                    --name "say \\"hi\\"" --no-scan-index-forward
                ```

                ```json
                {"Items": []}
                ```
                """;

        ReadmeCommands.Example example = ReadmeCommands.parse(markdown).getFirst();

        assertThat(example.line()).isEqualTo(2);
        Map<String, String> options = example.options();
        assertThat(options.keySet()).containsExactly("endpoint-url", "key-condition-expression", "statement", "name",
                "no-scan-index-forward");
        assertThat(options)
                .containsEntry("endpoint-url", "$AWS_ENDPOINT_URL_DYNAMODB")
                .containsEntry("key-condition-expression", "pk = :pk")
                .containsEntry("statement", "SELECT \"a\" FROM \"t\"")
                .containsEntry("name", "say \"hi\"");
        assertThat(options.get("no-scan-index-forward")).isNull();
        assertThat(example.expanded(name -> name.equals("AWS_ENDPOINT_URL_DYNAMODB") ? "http://127.0.0.1:8000" : null))
                .contains("http://127.0.0.1:8000");
        assertThat(example.expected()).isEqualTo("{\"Items\": []}\n");
    }

    @Test
    void refusesACommandWithoutAnOutputBlock() {
        assertThatThrownBy(() -> ReadmeCommands.parse("```sh\naws dynamodb get-item --table-name t\n```\ntext\n"))
                .hasMessageContaining("line 2: the command has no ```json output block after it");
    }
}
