package io.quotepipe.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * terraform/ deploys what template.yaml deploys: the same IAM actions, environment, packages, filters and defaults,
 * with a module per component; and, since no terraform binary runs here, its wiring is checked by reading it:
 * every reference is declared, every module call passes the module's variables, everything is described.
 */
class TerraformTest {

    static final Path TF = Repo.path("terraform");
    static final Set<String> COMPONENTS = Set.of("network", "kafka", "alerts", "lake", "table", "poller", "loader", "consumer", "query");
    /** Which module deploys which app. */
    static final Map<String, String> MODULE_OF_APP = Map.of(
            "poller-function", "poller", "s3-to-dynamo-function", "loader", "consumer-service", "consumer", "query-service", "query");
    private static final Template TEMPLATE = Template.load();

    static Stream<Path> directories() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(TF);
        COMPONENTS.stream().sorted().forEach(c -> dirs.add(TF.resolve("modules").resolve(c)));
        return dirs.stream();
    }

    static List<Deployed> apps() {
        return Deployed.in(TEMPLATE);
    }

    @Test
    void hasAModulePerComponentAndTheUsualFiles() {
        for (String f : List.of("versions.tf", "variables.tf", "main.tf", "outputs.tf", "README.md", "terraform.tfvars.example")) {
            assertThat(TF.resolve(f)).as("terraform/" + f).isRegularFile();
        }
        for (String component : COMPONENTS) {
            for (String f : List.of("main.tf", "variables.tf", "outputs.tf")) {
                assertThat(TF.resolve("modules").resolve(component).resolve(f)).isRegularFile();
            }
        }
        assertThat(modules().keySet()).containsExactlyInAnyOrderElementsOf(COMPONENTS);
    }

    /** terraform/README.md's table of modules promises only what each module creates (it once promised a quarantine metric). */
    @Test
    void readmePromisesOnlyWhatTheModulesCreate() {
        List<String> rows = Repo.read(TF.resolve("README.md")).lines().filter(l -> l.startsWith("| `")).toList();
        int checked = 0;
        for (String row : rows) {
            String module = row.substring(3, row.indexOf('`', 3));
            if (!COMPONENTS.contains(module)) {
                continue;
            }
            checked++;
            String code = code(TF.resolve("modules").resolve(module));
            if (row.matches(".*\\bmetric\\b.*")) {
                assertThat(code).as("terraform/README.md promises a metric of module " + module).contains("resource \"aws_cloudwatch_log_metric_filter\"");
            }
        }
        assertThat(checked).as("module rows in terraform/README.md").isEqualTo(COMPONENTS.size());
    }

    @Test
    void pinsTerraformAndTheAwsProvider() {
        String versions = Repo.read(TF.resolve("versions.tf"));
        assertThat(versions).containsPattern("required_version\\s*=\\s*\">=\\s*1\\.\\d+")
                .containsPattern("source\\s*=\\s*\"hashicorp/aws\"").containsPattern("version\\s*=\\s*\"~>\\s*5\\.\\d+\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directories")
    void describesEveryVariableAndOutput(Path dir) {
        for (Hcl.Block v : blocks(dir, "variable")) {
            assertThat(v.attribute("description").flatMap(Hcl::stringLiteral)).as(Repo.relative(dir) + " variable " + v.label(0))
                    .hasValueSatisfying(d -> assertThat(d).isNotBlank());
            assertThat(v.attribute("type")).as("type of variable " + v.label(0)).isPresent();
        }
        for (Hcl.Block o : blocks(dir, "output")) {
            assertThat(o.attribute("description").flatMap(Hcl::stringLiteral)).as(Repo.relative(dir) + " output " + o.label(0))
                    .hasValueSatisfying(d -> assertThat(d).isNotBlank());
        }
    }

    /** What terraform validate does not report: a variable nobody reads (references to undeclared ones it does). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("directories")
    void usesEveryVariableItDeclares(Path dir) {
        Set<String> variables = names(blocks(dir, "variable"));
        assertThat(Hcl.references(code(dir), "var")).as("used variables of " + Repo.relative(dir)).containsAll(variables);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void grantsTheSameActionsAsTheTemplate(Deployed app) {
        Path module = TF.resolve("modules").resolve(MODULE_OF_APP.get(app.module()));
        String codeRole = app.lambda()
                ? roleReference(single(blocks(module, "resource"), "aws_lambda_function").attribute("role").orElseThrow())
                : roleReference(single(blocks(module, "resource"), "aws_ecs_task_definition").attribute("task_role_arn").orElseThrow());
        Set<String> tfActions = actionsOfRole(module, codeRole);
        Set<String> templateActions = new TreeSet<>();
        Iam.ofRole(TEMPLATE.defaults(), app.role()).forEach(s -> templateActions.addAll(s.actions()));
        assertThat(tfActions).as("actions of " + app + "'s role in terraform (KafkaAuth IAM)").isEqualTo(templateActions);
        if (!app.lambda()) {
            String executionRole = roleReference(single(blocks(module, "resource"), "aws_ecs_task_definition")
                    .attribute("execution_role_arn").orElseThrow());
            String templateExecutionRole = (String) ((List<?>) ((Map<?, ?>) TEMPLATE.rawProperties(app.resource())
                    .get("ExecutionRoleArn")).get("Fn::GetAtt")).get(0);
            Set<String> templateExecution = new TreeSet<>();
            Iam.ofRole(TEMPLATE.defaults(), templateExecutionRole).forEach(s -> templateExecution.addAll(s.actions()));
            assertThat(actionsOfRole(module, executionRole)).as("execution role of " + app).isEqualTo(templateExecution);
        }
    }

    @Test
    void everyPolicyStatementHasASidAndNoWildcardAction() {
        for (Path dir : directories().toList()) {
            for (Hcl.Block doc : blocks(dir, "data")) {
                if (!doc.label(0).equals("aws_iam_policy_document")) {
                    continue;
                }
                for (Hcl.Block statement : doc.blocks("statement")) {
                    String where = Repo.relative(dir) + " " + doc.label(1);
                    assertThat(statement.attribute("sid").flatMap(Hcl::stringLiteral)).as("sid in " + where).isPresent();
                    List<String> actions = Hcl.strings(statement.attribute("actions").orElseThrow());
                    boolean deny = statement.attribute("effect").flatMap(Hcl::stringLiteral).orElse("Allow").equals("Deny");
                    if (!deny) {
                        assertThat(actions).as("actions in " + where).noneMatch(a -> a.contains("*"));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void givesTheSameEnvironmentAsTheTemplate(Deployed app) {
        Path module = TF.resolve("modules").resolve(MODULE_OF_APP.get(app.module()));
        String expression = app.lambda()
                ? single(blocks(module, "resource"), "aws_lambda_function").blocks("environment").get(0).attribute("variables").orElseThrow()
                : single(blocks(module, "resource"), "aws_ecs_task_definition").attribute("container_definitions").orElseThrow();
        Set<String> keys = new TreeSet<>(Hcl.upperCaseKeys(expression));
        if (expression.contains("var.kafka_environment")) {
            keys.addAll(Hcl.upperCaseKeys(rootLocal("kafka_environment")));
        }
        assertThat(keys).as("environment of " + app + " in terraform").isEqualTo(app.allEnvironmentKeys(TEMPLATE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void deploysTheSamePackageHandlerAndRuntimes(Deployed app) {
        if (!app.lambda()) {
            return;
        }
        String name = MODULE_OF_APP.get(app.module());
        Hcl.Block call = blocks(TF, "module").stream().filter(b -> b.label(0).equals(name)).findFirst().orElseThrow();
        assertThat(call.attribute("function_zip").orElseThrow()).contains("/../" + app.module() + Deployed.FUNCTION_ZIP);
        Hcl.Block fn = single(blocks(TF.resolve("modules").resolve(name), "resource"), "aws_lambda_function");
        assertThat(fn.attribute("handler").orElseThrow()).contains("\"" + FunctionPackagingTest.QUARKUS_HANDLER + "\"");
        // The template's runtimes: a string, or both branches of !If [IsNative, provided.al2023, java21].
        Object runtime = TEMPLATE.rawProperties(app.resource()).get("Runtime");
        List<String> templateRuntimes = runtime instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> branches
                ? branches.subList(1, branches.size()).stream().map(String::valueOf).toList()
                : List.of(String.valueOf(runtime));
        assertThat(Hcl.strings(fn.attribute("runtime").orElseThrow())).containsExactlyInAnyOrderElementsOf(templateRuntimes);
        assertThat(fn.blocks("dynamic").stream().anyMatch(b -> b.label(0).equals("snap_start")) || !fn.blocks("snap_start").isEmpty())
                .as("SnapStart on " + name).isTrue();
        assertThat(fn.attribute("timeout").orElseThrow()).isEqualTo(TEMPLATE.rawProperties(app.resource()).get("Timeout").toString());
        assertThat(fn.attribute("publish")).contains("true");
    }

    @Test
    void notifiesTheLoaderWithTheTemplatesFilter() {
        Hcl.Block notification = single(blocks(TF.resolve("modules/loader"), "resource"), "aws_s3_bucket_notification");
        Hcl.Block target = notification.blocks("lambda_function").get(0);
        Map<String, String> filter = S3NotificationTest.filter();
        assertThat(target.attribute("filter_prefix").flatMap(Hcl::stringLiteral)).contains(filter.get("prefix"));
        assertThat(target.attribute("filter_suffix").flatMap(Hcl::stringLiteral)).contains(filter.get("suffix"));
        assertThat(Hcl.strings(target.attribute("events").orElseThrow())).containsExactly("s3:ObjectCreated:*");
    }

    @Test
    void glueTableHasTheTemplatesColumnsAndProjection() {
        Hcl.Block table = single(blocks(TF.resolve("modules/lake"), "resource"), "aws_glue_catalog_table");
        Map<String, String> columns = new LinkedHashMap<>();
        for (Hcl.Block c : table.blocks("storage_descriptor").get(0).blocks("columns")) {
            columns.put(c.attribute("name").flatMap(Hcl::stringLiteral).orElseThrow(),
                    DataStoresTest.kind(c.attribute("type").flatMap(Hcl::stringLiteral).orElseThrow()));
        }
        assertThat(columns).isEqualTo(DataStoresTest.quoteJsonColumns());
        Map<?, ?> templateParameters = (Map<?, ?>) ((Map<?, ?>) TEMPLATE.defaults().properties("QuotesLakeTable").get("TableInput")).get("Parameters");
        String parameters = table.attribute("parameters").orElseThrow();
        templateParameters.forEach((k, v) -> {
            if (!"storage.location.template".equals(k)) {
                assertThat(parameters).as("Glue table parameter " + k).containsPattern("\"" + java.util.regex.Pattern.quote((String) k)
                        + "\"\\s*=\\s*\"" + java.util.regex.Pattern.quote((String) v) + "\"");
            }
        });
        assertThat(parameters).contains("/quotes/dt=$${dt}/hour=$${hour}/");
    }

    // ------------------------------------------------------------------------------------------ reading

    static List<Hcl.Block> blocks(Path dir, String type) {
        List<Hcl.Block> out = new ArrayList<>();
        for (Path f : tfFiles(dir)) {
            out.addAll(Hcl.blocks(f, type));
        }
        return out;
    }

    static List<Path> tfFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".tf")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String code(Path dir) {
        StringBuilder all = new StringBuilder();
        tfFiles(dir).forEach(f -> all.append(Repo.read(f)).append('\n'));
        return all.toString();
    }

    static String rootLocal(String name) {
        return blocks(TF, "locals").stream().map(l -> l.attribute(name)).filter(java.util.Optional::isPresent)
                .map(java.util.Optional::get).findFirst().orElseThrow(() -> new AssertionError("no local " + name + " in terraform/"));
    }

    private static Map<String, Path> modules() {
        return modules(TF);
    }

    private static Map<String, Path> modules(Path dir) {
        Map<String, Path> out = new LinkedHashMap<>();
        for (Hcl.Block m : blocks(dir, "module")) {
            String source = m.attribute("source").flatMap(Hcl::stringLiteral).orElseThrow();
            out.put(m.label(0), dir.resolve(source).normalize());
        }
        return out;
    }

    private static Set<String> names(List<Hcl.Block> blocks) {
        Set<String> names = new TreeSet<>();
        blocks.forEach(b -> names.add(b.label(0)));
        return names;
    }

    private static Hcl.Block single(List<Hcl.Block> resources, String type) {
        List<Hcl.Block> found = resources.stream().filter(r -> r.label(0).equals(type)).toList();
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }

    /** {@code aws_iam_role.poller.arn} is role {@code poller}. */
    private static String roleReference(String expression) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("aws_iam_role\\.([a-z_]+)\\.").matcher(expression);
        assertThat(m.find()).as("a role reference in " + expression).isTrue();
        return m.group(1);
    }

    /** Actions of the policy documents attached to the role with aws_iam_role_policy. */
    private static Set<String> actionsOfRole(Path module, String role) {
        Set<String> actions = new TreeSet<>();
        List<Hcl.Block> resources = blocks(module, "resource");
        Map<String, Hcl.Block> documents = new LinkedHashMap<>();
        blocks(module, "data").stream().filter(d -> d.label(0).equals("aws_iam_policy_document")).forEach(d -> documents.put(d.label(1), d));
        for (Hcl.Block attachment : resources) {
            if (attachment.label(0).equals("aws_iam_role_policy") && attachment.attribute("role").orElseThrow().startsWith("aws_iam_role." + role + ".")) {
                String policy = attachment.attribute("policy").orElseThrow();
                String document = policy.replaceFirst("^data\\.aws_iam_policy_document\\.([a-z_]+)\\.json$", "$1");
                assertThat(documents).as("policy document of " + attachment.label(1)).containsKey(document);
                for (Hcl.Block statement : documents.get(document).blocks("statement")) {
                    actions.addAll(Hcl.strings(statement.attribute("actions").orElseThrow()));
                }
            }
        }
        return actions;
    }
}
