package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** localstack/: a compose file with LocalStack and Kafka, and init scripts 01_… to 99_ready.sh that are safe to rerun. */
class LocalstackTest {

    static final Path DIR = Repo.path("localstack");
    static final Path READY = DIR.resolve("init/ready.d");
    private static final Template TEMPLATE = Template.load();

    /** Calls that fail when what they create exists, and the call that must guard each in the same script. */
    static final Map<String, String> GUARDED_BY = Map.of(
            "dynamodb create-table", "dynamodb describe-table",
            "s3api create-bucket", "s3api head-bucket",
            "lambda create-function", "lambda get-function",
            "lambda create-alias", "lambda get-alias",
            "lambda add-permission", "lambda get-policy",
            "iam create-role", "iam get-role");

    static List<Path> scripts() {
        return Repo.files(READY, ".sh");
    }

    /** LocalStack starts only the services in SERVICES: an app pointed at another one gets connection errors. */
    @Test
    void startsEveryServiceTheScriptsAndTheFunctionsCall() {
        Map<?, ?> compose = (Map<?, ?>) CfnYaml.load(Repo.read(DIR.resolve("docker-compose.yml")));
        Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) Template.map(compose.get("services")).get("localstack")).get("environment");
        Set<String> started = new TreeSet<>(List.of(String.valueOf(env.get("SERVICES")).split(",")));
        Set<String> called = new TreeSet<>();
        Pattern endpoint = Pattern.compile("AWS_ENDPOINT_URL_([A-Z0-9]+)");
        Pattern cli = Pattern.compile("awslocal ([a-z0-9]+)");
        for (Path script : Repo.files(DIR, ".sh")) {
            String text = Repo.read(script);
            endpoint.matcher(text).results().forEach(m -> called.add(m.group(1).toLowerCase(java.util.Locale.ROOT)));
            cli.matcher(text).results().forEach(m -> called.add(m.group(1).equals("s3api") ? "s3" : m.group(1)));
        }

        assertThat(called).as("services the init scripts and the functions' endpoints name").isNotEmpty();
        assertThat(started).as("LocalStack's SERVICES").containsAll(called);
    }

    @Test
    void composeRunsPinnedLocalStackAndKafka_onTheNetworkTheFunctionsJoin() {
        Map<?, ?> compose = (Map<?, ?>) CfnYaml.load(Repo.read(DIR.resolve("docker-compose.yml")));
        Map<String, Object> services = Template.map(compose.get("services"));
        assertThat(services).containsKeys("localstack", "kafka");
        for (Object s : services.values()) {
            String image = (String) ((Map<?, ?>) s).get("image");
            assertThat(image).as("pinned image").matches("[^:]+:[0-9][^:]*").doesNotEndWith(":latest");
        }
        Map<?, ?> localstack = (Map<?, ?>) services.get("localstack");
        Map<?, ?> env = (Map<?, ?>) localstack.get("environment");
        String network = (String) ((Map<?, ?>) ((Map<?, ?>) compose.get("networks")).get("quotepipe")).get("name");
        assertThat(env.get("LAMBDA_DOCKER_NETWORK")).isEqualTo(network);
        assertThat(Iam.strings(localstack.get("volumes"))).contains("./init:/etc/localstack/init", "/var/run/docker.sock:/var/run/docker.sock");
        for (Deployed fn : Deployed.in(TEMPLATE)) {
            if (fn.lambda()) {
                assertThat(Iam.strings(localstack.get("volumes"))).as("the build of " + fn.module() + " is mounted")
                        .contains("../" + fn.module() + "/target:/opt/quotepipe/" + fn.module() + ":ro");
            }
        }
    }

    @Test
    void initScriptsRunFrom01To99Ready() {
        List<String> names = scripts().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).isNotEmpty().allMatch(n -> n.matches("\\d\\d_[a-z0-9_]+\\.sh")).isSorted();
        assertThat(names.get(0)).startsWith("01_");
        assertThat(names.get(names.size() - 1)).isEqualTo("99_ready.sh");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void everyScriptIsStrictExecutableAndSafeToRerun(Path script) throws Exception {
        String text = Repo.read(script);
        assertThat(text).startsWith("#!/bin/bash\n").contains("set -euo pipefail").contains(". /etc/localstack/init/names.sh");
        assertThat(Files.isExecutable(script)).as(script + " is executable (LocalStack runs it directly)").isTrue();
        GUARDED_BY.forEach((create, guard) -> {
            if (text.contains(create)) {
                assertThat(text).as(Repo.relative(script) + " guards " + create).contains(guard);
                assertThat(text.indexOf(guard)).as(guard + " before " + create).isLessThan(text.indexOf(create));
            }
        });
    }

    @Test
    void createsTheFunctionsAsTheTemplateDeploysThem() {
        String functions = Repo.read(READY.resolve("05_functions.sh"));
        assertThat(functions).contains("--runtime java21").contains("handler=\"" + FunctionPackagingTest.QUARKUS_HANDLER + "\"");
        for (Deployed fn : Deployed.in(TEMPLATE)) {
            if (fn.lambda()) {
                Object timeout = TEMPLATE.rawProperties(fn.resource()).get("Timeout");
                boolean deployed = Pattern.compile("deploy \"\\$[A-Z_]+\" " + Pattern.quote(fn.module()) + " " + timeout + " ").matcher(functions).find()
                        || functions.contains("$QUOTEPIPE_FUNCTIONS_DIR/" + fn.module() + "/function.zip") && functions.contains("--timeout " + timeout);
                assertThat(deployed).as(fn + " is created from its function.zip with the template's timeout " + timeout).isTrue();
            }
        }
        assertThat(functions).contains("$QUOTEPIPE_FUNCTIONS_DIR/$module/function.zip");
    }

    @Test
    void everyVariableGivenToAnAppIsReadByIt() {
        String functions = Repo.read(READY.resolve("05_functions.sh"));
        Map<String, Set<String>> environments = new LinkedHashMap<>();
        environments.put("poller-function", jsonKeys(block(functions, "poller_environment")));
        environments.put("s3-to-dynamo-function", jsonKeys(block(functions, "loader_environment")));
        environments.put("query-service", jsonKeys(block(functions, "query_environment")));
        Map<?, ?> services = (Map<?, ?>) ((Map<?, ?>) CfnYaml.load(Repo.read(DIR.resolve("docker-compose.yml")))).get("services");
        environments.put("consumer-service", new TreeSet<>(((Map<?, ?>) ((Map<?, ?>) services.get("consumer")).get("environment"))
                .keySet().stream().map(String::valueOf).toList()));
        environments.forEach((module, keys) -> {
            AppModule app = AppModule.of(module);
            Map<String, String> unread = new TreeMap<>();
            for (String key : keys) {
                boolean credentials = key.equals("AWS_ACCESS_KEY_ID") || key.equals("AWS_SECRET_ACCESS_KEY"); // read by the SDK's default chain
                if (!credentials && EnvironmentRules.whyRead(app, key).isEmpty() && !AppGaps.environment(module).containsKey(key)) {
                    unread.put(key, "not read by " + module);
                }
            }
            assertThat(unread).as("LocalStack environment of " + module).isEmpty();
            assertThat(keys).as(module + " gets its required keys").containsAll(requiredEnvironment(module));
        });
    }

    @Test
    void notifiesTheLoaderWithTheTemplatesFilter() {
        String notification = Repo.read(READY.resolve("07_s3_notification.sh"));
        Map<String, String> filter = S3NotificationTest.filter();
        assertThat(notification).contains("{\"Name\":\"prefix\",\"Value\":\"" + filter.get("prefix") + "\"}")
                .contains("{\"Name\":\"suffix\",\"Value\":\"" + filter.get("suffix") + "\"}")
                .contains("\"Events\":[\"s3:ObjectCreated:*\"]");
    }

    @Test
    void readmeSaysHowToUseIt() {
        assertThat(Repo.read(DIR.resolve("README.md"))).contains("docker compose -f localstack/docker-compose.yml up")
                .contains("./quotepipe build").contains("99_ready.sh");
    }

    /** {@code NAME="${NAME:-default}"} lines of init/names.sh. */
    static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^([A-Z0-9_]+)=\"\\$\\{\\1:-([^}]*)}\"").matcher(Repo.read(DIR.resolve("init/names.sh")));
        while (m.find()) {
            names.put(m.group(1), m.group(2));
        }
        return names;
    }

    private static Set<String> requiredEnvironment(String module) {
        Set<String> required = new TreeSet<>();
        AppModule.of(module).mappingKeys().stream().filter(ConfigKey::required)
                .filter(k -> AppModule.of(module).applicationProperties().getProperty(k.name()) == null)
                .forEach(k -> required.add(k.envName()));
        return required;
    }

    /** The text of a shell variable assigned from a here-document: {@code name=$(cat <<JSON ... JSON)}. */
    private static String block(String script, String variable) {
        Matcher m = Pattern.compile(variable + "=\\$\\(cat <<JSON\\n(.*?)\\nJSON", Pattern.DOTALL).matcher(script);
        assertThat(m.find()).as(variable + " in 05_functions.sh").isTrue();
        return m.group(1);
    }

    private static Set<String> jsonKeys(String json) {
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("\"([A-Z][A-Z0-9_]*)\"\\s*:").matcher(json);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
