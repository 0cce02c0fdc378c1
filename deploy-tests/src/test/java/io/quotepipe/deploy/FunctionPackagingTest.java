package io.quotepipe.deploy;

import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Each function's Handler, Runtime and CodeUri point at what the Maven build of its module produces. */
class FunctionPackagingTest {

    static final String QUARKUS_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    private static final Template TEMPLATE = Template.load();

    static List<Deployed> functions() {
        return Deployed.in(TEMPLATE).stream().filter(Deployed::lambda).toList();
    }

    /** Functions with a native variant: their Runtime follows FunctionRuntime. */
    static List<Deployed> nativeCapable() {
        return functions().stream().filter(fn -> TEMPLATE.rawProperties(fn.resource()).get("Runtime") instanceof Map).toList();
    }

    /** Functions behind an HTTP API: quarkus-amazon-lambda-http is their handler, not a bean of theirs. */
    static boolean behindHttpApi(Deployed fn) {
        Object events = TEMPLATE.rawProperties(fn.resource()).get("Events");
        return events instanceof Map<?, ?> m && m.values().stream().anyMatch(e -> "HttpApi".equals(((Map<?, ?>) e).get("Type")));
    }

    static List<Deployed> eventFunctions() {
        return functions().stream().filter(fn -> !behindHttpApi(fn)).toList();
    }

    @Test
    void deploysThePollerTheLoaderAndTheQueryApi() {
        assertThat(functions()).extracting(Deployed::module)
                .containsExactlyInAnyOrder("poller-function", "s3-to-dynamo-function", "query-service");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void codeUriIsTheFunctionZipItsModuleBuilds(Deployed fn) {
        String rootPom = Repo.read("pom.xml");
        assertThat(rootPom).as("root pom lists the module").contains("<module>" + fn.module() + "</module>");
        String pom = Repo.read(fn.module(), "pom.xml");
        assertThat(pom).as(fn.module() + " runs the Quarkus build, which writes target/function.zip")
                .contains("<artifactId>quarkus-maven-plugin</artifactId>").contains("<goal>build</goal>");
        if (behindHttpApi(fn)) {
            // The Lambda package is its own build (-Plambda), with the HTTP flavour of the Lambda extension.
            assertThat(pom).as(fn.module() + " packages a Lambda behind an HTTP API in its lambda profile")
                    .contains("<id>lambda</id>").contains("<artifactId>quarkus-amazon-lambda-http</artifactId>");
        } else {
            assertThat(fn.app().dependencies()).as(fn.module() + " packages a Lambda").contains("io.quarkus:quarkus-amazon-lambda");
        }
        // SAM deploys the zip as it is: sam build skips a CodeUri that is a .zip file (aws/aws-sam-cli#2737).
        assertThat(TEMPLATE.resource(fn.resource()).get("Metadata")).isEqualTo(Map.of("SkipBuild", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void onJvm_runsQuarkusStreamHandlerOnJava21WithSnapStart(Deployed fn) {
        Map<String, Object> p = TEMPLATE.defaults().properties(fn.resource());
        assertThat(p).containsEntry("Handler", QUARKUS_HANDLER).containsEntry("Runtime", "java21");
        // SnapStart applies to published versions only: with it, the triggers must invoke the alias.
        assertThat(p.containsKey("SnapStart")).as(fn + ": SnapStart exactly when an alias is published").isEqualTo(p.containsKey("AutoPublishAlias"));
        if (p.containsKey("SnapStart")) {
            assertThat(p).containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
        }
        String handlerClass = QUARKUS_HANDLER.substring(0, QUARKUS_HANDLER.indexOf("::")).replace('.', '/') + ".class";
        assertThat(getClass().getClassLoader().getResource(handlerClass))
                .as("quarkus-amazon-lambda (the apps' version) has " + handlerClass).isNotNull();
        Matcher release = Pattern.compile("<maven.compiler.release>(\\d+)</maven.compiler.release>").matcher(Repo.read("pom.xml"));
        assertThat(release.find()).as("root pom sets maven.compiler.release").isTrue();
        assertThat(Integer.parseInt(release.group(1))).as("bytecode runs on the java21 runtime").isLessThanOrEqualTo(21);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nativeCapable")
    void natively_runsTheBootstrapOnProvidedAl2023(Deployed fn) {
        Map<String, Object> p = TEMPLATE.evaluate(Map.of("FunctionRuntime", "native")).properties(fn.resource());
        assertThat(p).containsEntry("Runtime", "provided.al2023").doesNotContainKey("SnapStart");
        assertThat((String) p.get("Handler")).doesNotContain("::");
        assertThat(fn.environment(TEMPLATE.evaluate(Map.of("FunctionRuntime", "native"))))
                .containsEntry("DISABLE_SIGNAL_HANDLERS", "true").doesNotContainKey("JAVA_TOOL_OPTIONS");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFunctions")
    void quarkusLambdaHandlerNamesOneRequestHandlerOfTheModule(Deployed fn) {
        String bean = fn.app().applicationProperties().getProperty("quarkus.lambda.handler");
        assertThat(bean).as(fn.module() + " application.properties quarkus.lambda.handler").isNotBlank();
        List<ClassOrInterfaceDeclaration> beans = fn.app().namedBeans(bean);
        assertThat(beans).as("@Named(\"" + bean + "\") classes in " + fn.module()).hasSize(1);
        assertThat(beans.get(0).getImplementedTypes()).extracting(t -> t.getNameAsString())
                .containsAnyOf("RequestHandler", "RequestStreamHandler");
    }

    /**
     * The function's own time limits fit its Lambda timeout: its deadlines and margins add up, and the longest single
     * timeout (e.g. Kafka's send-timeout after the fetch deadline) comes on top.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void timeoutOutlastsTheFunctionsOwnDeadlines(Deployed fn) {
        Evaluation ev = TEMPLATE.defaults();
        Duration lambdaTimeout = Duration.ofSeconds(Integer.parseInt(ev.string(TEMPLATE.rawProperties(fn.resource()).get("Timeout"))));
        Map<String, String> env = fn.environment(ev);
        Duration sum = Duration.ZERO;
        Duration longestTimeout = Duration.ZERO;
        List<String> counted = new ArrayList<>();
        for (ConfigKey key : fn.app().mappingKeys()) {
            boolean deadline = key.name().endsWith("deadline") || key.name().endsWith("margin");
            boolean timeout = key.name().endsWith("timeout");
            if (!deadline && !timeout) {
                continue;
            }
            java.util.Optional<String> value = fn.app().value(key.name(), env);
            if (value.isEmpty()) {
                continue;
            }
            Duration d = duration(value.get());
            counted.add(key.name() + "=" + value.get());
            if (deadline) {
                sum = sum.plus(d);
            } else if (d.compareTo(longestTimeout) > 0) {
                longestTimeout = d;
            }
        }
        assertThat(lambdaTimeout).as("Timeout of " + fn + " against " + counted).isGreaterThan(sum.plus(longestTimeout));
    }

    /** After a build (./quotepipe build, or the reactor's verify), the zip holds the handler and the module's classes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void builtFunctionZip_holdsTheHandlerAndTheModule(Deployed fn) throws IOException {
        Path zip = Repo.path(fn.module(), "target", "function.zip");
        assumeTrue(Files.isRegularFile(zip), zip + " is not built");
        ZipFile opened;
        try {
            opened = new ZipFile(zip.toFile());
        } catch (java.util.zip.ZipException e) {
            assumeTrue(false, zip + " is not a complete zip (a build is writing it?): " + e.getMessage());
            return;
        }
        try (ZipFile z = opened) {
            if (z.getEntry("bootstrap") != null) {
                return; // a native build: one executable, nothing more to look at
            }
            // The module's own entry point: the handler bean, or behind an HTTP API its first JAX-RS resource class.
            ClassOrInterfaceDeclaration handler = behindHttpApi(fn)
                    ? fn.app().classesAnnotated("Path").get(0)
                    : fn.app().namedBeans(fn.app().applicationProperties().getProperty("quarkus.lambda.handler")).get(0);
            String handlerEntry = handler.getFullyQualifiedName().orElseThrow().replace('.', '/') + ".class";
            assertThat(z.getEntry(handlerEntry)).as(handlerEntry + " in " + zip).isNotNull();
            List<String> lambdaJars = new ArrayList<>();
            z.stream().map(ZipEntry::getName).filter(n -> n.matches("lib/io\\.quarkus\\.quarkus-amazon-lambda-\\d.*\\.jar")).forEach(lambdaJars::add);
            assertThat(lambdaJars).as("quarkus-amazon-lambda in " + zip).hasSize(1);
            assertThat(jarHolds(z, lambdaJars.get(0), "io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler.class")).isTrue();
        }
    }

    private static boolean jarHolds(ZipFile zip, String jar, String entry) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(jar)); ZipInputStream nested = new ZipInputStream(in)) {
            for (ZipEntry e = nested.getNextEntry(); e != null; e = nested.getNextEntry()) {
                if (e.getName().equals(entry)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Quarkus's duration syntax: ISO-8601, or a number with ms, s, m, h or d. */
    static Duration duration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(text.trim());
        if (!m.matches()) {
            return Duration.parse(text.trim());
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
