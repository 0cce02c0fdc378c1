package io.quotepipe.deploy;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Maven module of the repository, read from its sources: what configuration it reads, which AWS SDK calls it makes,
 * what it logs, what its pom depends on. Parsed with JavaParser, never compiled or run, so that the checks stay true
 * to the code as it is now, whatever has been built.
 */
final class AppModule {

    private static final Map<String, AppModule> CACHE = new ConcurrentHashMap<>();
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:$]+)(?::([^}$]*))?}");
    private static final Set<String> LOG_METHODS = Set.of("trace", "debug", "info", "warn", "error", "fatal",
            "tracef", "debugf", "infof", "warnf", "errorf", "fatalf", "tracev", "debugv", "infov", "warnv", "errorv", "fatalv");

    final String name;
    final Path dir;
    private final List<CompilationUnit> units;
    private final Properties properties;
    private final Document pom;

    private AppModule(String name) {
        this.name = name;
        this.dir = Repo.path(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no module directory " + name + " in the repository");
        }
        this.units = parse(Repo.files(dir.resolve("src/main/java"), ".java"));
        this.properties = loadProperties(dir.resolve("src/main/resources/application.properties"));
        this.pom = loadPom(dir.resolve("pom.xml"));
    }

    static AppModule of(String name) {
        return CACHE.computeIfAbsent(name, AppModule::new);
    }

    List<CompilationUnit> units() {
        return units;
    }

    Properties applicationProperties() {
        return properties;
    }

    // ------------------------------------------------------------------------------------------ pom

    /** {@code groupId:artifactId} of every dependency in the module's pom. */
    Set<String> dependencies() {
        Set<String> out = new TreeSet<>();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            if ("dependencies".equals(d.getParentNode().getNodeName())
                    && "project".equals(d.getParentNode().getParentNode().getNodeName())) {
                out.add(text(d, "groupId") + ":" + text(d, "artifactId"));
            }
        }
        return out;
    }

    boolean dependsOnAny(String... coordinates) {
        Set<String> deps = dependencies();
        for (String c : coordinates) {
            if (deps.contains(c)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------ configuration

    /**
     * Every configuration key the module reads: the keys of its @ConfigMapping interfaces, the keys its
     * application.properties sets, the {@code ${...}} expressions there and in annotations, and @ConfigProperty names.
     */
    List<ConfigKey> configKeys() {
        List<ConfigKey> keys = new ArrayList<>(mappingKeys());
        for (String key : properties.stringPropertyNames()) {
            keys.add(new ConfigKey(stripProfile(key), properties.getProperty(key), false, "application.properties"));
            expressions(properties.getProperty(key), "application.properties " + key, keys);
        }
        for (CompilationUnit cu : units) {
            for (AnnotationExpr a : cu.findAll(AnnotationExpr.class)) {
                if (a.getNameAsString().equals("ConfigProperty") && a instanceof NormalAnnotationExpr n) {
                    n.getPairs().stream().filter(p -> p.getNameAsString().equals("name"))
                            .forEach(p -> keys.add(new ConfigKey(p.getValue().asStringLiteralExpr().asString(), null, false,
                                    "@ConfigProperty in " + typeName(cu))));
                }
                for (StringLiteralExpr s : a.findAll(StringLiteralExpr.class)) {
                    expressions(s.asString(), "@" + a.getNameAsString() + " in " + typeName(cu), keys);
                }
            }
        }
        return keys;
    }

    /** The configuration key the environment variable sets, if the module reads it. */
    Optional<ConfigKey> keyReadFrom(String environmentVariable) {
        return configKeys().stream().filter(k -> k.isReadFrom(environmentVariable)).findFirst();
    }

    /**
     * The value the module sees for {@code key} with {@code environment} set: the environment variable, else
     * application.properties, else the mapping's default; {@code ${...}} expanded as Quarkus does.
     */
    Optional<String> value(String key, Map<String, String> environment) {
        String env = ConfigKey.envName(key);
        if (environment.containsKey(env)) {
            return Optional.of(expand(environment.get(env), environment));
        }
        String property = properties.getProperty(key);
        if (property != null) {
            return Optional.of(expand(property, environment));
        }
        return mappingKeys().stream().filter(k -> k.name().equals(key) && k.hasDefault()).findFirst()
                .map(k -> expand(k.defaultValue(), environment));
    }

    private String expand(String text, Map<String, String> environment) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String fallback = m.group(2) == null ? "" : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), environment).orElse(fallback)));
        }
        m.appendTail(out);
        return out.toString();
    }

    List<ConfigKey> mappingKeys() {
        List<ConfigKey> keys = new ArrayList<>();
        for (CompilationUnit cu : units) {
            for (ClassOrInterfaceDeclaration type : cu.findAll(ClassOrInterfaceDeclaration.class)) {
                Optional<AnnotationExpr> mapping = type.getAnnotationByName("ConfigMapping");
                if (type.isInterface() && mapping.isPresent()) {
                    walkMapping(type, annotationMember(mapping.get(), "prefix").orElse(""), keys);
                }
            }
        }
        return keys;
    }

    private void walkMapping(ClassOrInterfaceDeclaration group, String prefix, List<ConfigKey> keys) {
        for (MethodDeclaration m : group.getMethods()) {
            if (m.isStatic() || m.isDefault() || m.getBody().isPresent() || !m.getParameters().isEmpty()) {
                continue;
            }
            String segment = m.getAnnotationByName("WithName").flatMap(a -> annotationMember(a, "value"))
                    .orElse(kebab(m.getNameAsString()));
            String key = m.getAnnotationByName("WithParentName").isPresent() ? prefix
                    : prefix.isEmpty() ? segment : prefix + "." + segment;
            boolean optional = false;
            Type type = m.getType();
            while (type instanceof ClassOrInterfaceType c) {
                String simple = c.getNameAsString();
                List<Type> args = c.getTypeArguments().map(List::copyOf).orElse(List.of());
                if (simple.equals("Optional") && args.size() == 1) {
                    optional = true;
                    type = args.get(0);
                } else if (simple.matches("Optional(Int|Long|Double)")) {
                    optional = true;
                    break;
                } else if (simple.equals("Map") && args.size() == 2) {
                    key = key + ".*";
                    type = args.get(1);
                } else if (simple.matches("List|Set|Collection") && args.size() == 1
                        && findInterface(args.get(0).asString()).isPresent()) {
                    key = key + "[*]";
                    type = args.get(0);
                } else {
                    break;
                }
            }
            Optional<ClassOrInterfaceDeclaration> nested = type instanceof ClassOrInterfaceType c
                    ? findInterface(c.getNameAsString()) : Optional.empty();
            if (nested.isPresent()) {
                walkMapping(nested.get(), key, keys);
            } else {
                String def = m.getAnnotationByName("WithDefault").flatMap(a -> annotationMember(a, "value")).orElse(null);
                keys.add(new ConfigKey(key, def, optional, "@ConfigMapping " + group.getNameAsString() + "." + m.getNameAsString() + "()"));
            }
        }
    }

    /** The interface of that name in this module's sources, else in the libraries' (a config group of quote-core's). */
    private Optional<ClassOrInterfaceDeclaration> findInterface(String simpleName) {
        Optional<ClassOrInterfaceDeclaration> own = findOwnInterface(simpleName);
        if (own.isPresent()) {
            return own;
        }
        return libraries().stream().flatMap(l -> l.findOwnInterface(simpleName).stream()).findFirst();
    }

    private Optional<ClassOrInterfaceDeclaration> findOwnInterface(String simpleName) {
        for (CompilationUnit cu : units) {
            for (ClassOrInterfaceDeclaration t : cu.findAll(ClassOrInterfaceDeclaration.class)) {
                if (t.isInterface() && t.getNameAsString().equals(simpleName)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    private static void expressions(String text, String origin, List<ConfigKey> keys) {
        Matcher m = EXPRESSION.matcher(text);
        while (m.find()) {
            keys.add(new ConfigKey(m.group(1), m.group(2), false, "${" + m.group(1) + "} in " + origin));
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("([A-Z])([A-Z][a-z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String stripProfile(String key) {
        return key.startsWith("%") && key.indexOf('.') > 0 ? key.substring(key.indexOf('.') + 1) : key;
    }

    // ------------------------------------------------------------------------------------------ calls, types, logs

    /**
     * Every call on an AWS SDK v2 client that the module's code makes, as {@code service:method} (e.g.
     * {@code s3:putObject}): calls whose receiver is a field, parameter or local variable declared with a client type
     * of {@link IamActions#SERVICES}, in the module's sources and in the code of the repository's libraries it depends
     * on (quote-core) that its sources reach, e.g. an alert sink that publishes to SNS.
     */
    Set<String> sdkCalls() {
        Set<String> calls = new TreeSet<>(sdkCalls(units));
        for (AppModule library : libraries()) {
            calls.addAll(sdkCalls(library.reachedFrom(units)));
        }
        return calls;
    }

    /** In-repository modules this one depends on at run time (not in test scope), e.g. quote-core. */
    List<AppModule> libraries() {
        List<AppModule> out = new ArrayList<>();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element d = (Element) dependencies.item(i);
            if ("dependencies".equals(d.getParentNode().getNodeName())
                    && "project".equals(d.getParentNode().getParentNode().getNodeName())
                    && "io.quotepipe".equals(text(d, "groupId")) && !"test".equals(text(d, "scope"))
                    && Files.isRegularFile(Repo.path(text(d, "artifactId"), "pom.xml"))) {
                out.add(of(text(d, "artifactId")));
            }
        }
        return out;
    }

    /** This library's compilation units that {@code users} reach: the types they name, and what those name in turn. */
    private List<CompilationUnit> reachedFrom(List<CompilationUnit> users) {
        Map<String, CompilationUnit> declaring = new HashMap<>();
        for (CompilationUnit cu : units) {
            cu.findAll(TypeDeclaration.class).forEach(t -> declaring.put(t.getNameAsString(), cu));
        }
        Set<CompilationUnit> reached = new LinkedHashSet<>();
        java.util.Deque<String> names = new java.util.ArrayDeque<>();
        users.forEach(cu -> names.addAll(namesUsed(cu)));
        while (!names.isEmpty()) {
            CompilationUnit cu = declaring.get(names.pop());
            if (cu != null && reached.add(cu)) {
                names.addAll(namesUsed(cu));
            }
        }
        return new ArrayList<>(reached);
    }

    private static Set<String> namesUsed(CompilationUnit cu) {
        Set<String> names = new TreeSet<>();
        cu.findAll(ClassOrInterfaceType.class).forEach(t -> names.add(t.getNameAsString()));
        cu.findAll(NameExpr.class).forEach(n -> names.add(n.getNameAsString()));
        return names;
    }

    private static Set<String> sdkCalls(List<CompilationUnit> units) {
        Set<String> calls = new TreeSet<>();
        for (CompilationUnit cu : units) {
            Map<String, String> clients = new HashMap<>();
            // A client behind a holder (Supplier<SsmClient>, Instance<SnsClient>): called as holder.get().op(...).
            Map<String, String> held = new HashMap<>();
            for (VariableDeclarator v : cu.findAll(VariableDeclarator.class)) {
                service(v.getType()).ifPresent(s -> clients.put(v.getNameAsString(), s));
                heldService(v.getType()).ifPresent(s -> held.put(v.getNameAsString(), s));
            }
            for (Parameter p : cu.findAll(Parameter.class)) {
                service(p.getType()).ifPresent(s -> clients.put(p.getNameAsString(), s));
                heldService(p.getType()).ifPresent(s -> held.put(p.getNameAsString(), s));
            }
            for (MethodCallExpr call : cu.findAll(MethodCallExpr.class)) {
                Optional<Expression> scope = call.getScope();
                Optional<String> receiver = scope.flatMap(AppModule::variableName);
                if (receiver.isPresent() && clients.containsKey(receiver.get())) {
                    calls.add(clients.get(receiver.get()) + ":" + call.getNameAsString());
                } else if (scope.isPresent() && scope.get() instanceof MethodCallExpr get && get.getArguments().isEmpty()) {
                    Optional<String> holder = get.getScope().flatMap(AppModule::variableName);
                    if (holder.isPresent() && held.containsKey(holder.get())) {
                        calls.add(held.get(holder.get()) + ":" + call.getNameAsString());
                    }
                }
            }
        }
        return calls;
    }

    private static Optional<String> heldService(Type type) {
        if (type instanceof ClassOrInterfaceType c && c.getTypeArguments().isPresent()) {
            for (Type argument : c.getTypeArguments().get()) {
                Optional<String> s = service(argument);
                if (s.isPresent()) {
                    return s;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> service(Type type) {
        return type instanceof ClassOrInterfaceType c
                ? Optional.ofNullable(IamActions.SERVICES.get(c.getNameAsString()))
                : Optional.empty();
    }

    private static Optional<String> variableName(Expression scope) {
        if (scope instanceof NameExpr n) {
            return Optional.of(n.getNameAsString());
        }
        if (scope instanceof FieldAccessExpr f && f.getScope() instanceof ThisExpr) {
            return Optional.of(f.getNameAsString());
        }
        return Optional.empty();
    }

    /** Whether any source names the type (a field, a {@code new}, a parameter...). */
    boolean usesType(String simpleName) {
        return units.stream().anyMatch(cu -> cu.findAll(ClassOrInterfaceType.class).stream()
                .anyMatch(t -> t.getNameAsString().equals(simpleName)));
    }

    /** The message (format) of every log statement: the first string literal passed to a Logger method. */
    List<String> logMessages() {
        List<String> messages = new ArrayList<>();
        for (CompilationUnit cu : units) {
            Set<String> loggers = new LinkedHashSet<>();
            for (FieldDeclaration f : cu.findAll(FieldDeclaration.class)) {
                if (f.getElementType().asString().endsWith("Logger")) {
                    f.getVariables().forEach(v -> loggers.add(v.getNameAsString()));
                }
            }
            for (MethodCallExpr call : cu.findAll(MethodCallExpr.class)) {
                if (LOG_METHODS.contains(call.getNameAsString())
                        && call.getScope().flatMap(AppModule::variableName).filter(loggers::contains).isPresent()) {
                    call.getArguments().stream().filter(Expression::isStringLiteralExpr).findFirst()
                            .ifPresent(s -> messages.add(s.asStringLiteralExpr().asString()));
                }
            }
        }
        return messages;
    }

    /** Classes annotated {@code @Named("name")}. */
    List<ClassOrInterfaceDeclaration> namedBeans(String beanName) {
        List<ClassOrInterfaceDeclaration> beans = new ArrayList<>();
        for (CompilationUnit cu : units) {
            for (ClassOrInterfaceDeclaration c : cu.findAll(ClassOrInterfaceDeclaration.class)) {
                c.getAnnotationByName("Named").flatMap(a -> annotationMember(a, "value"))
                        .filter(beanName::equals).ifPresent(n -> beans.add(c));
            }
        }
        return beans;
    }

    /** Top-level classes annotated {@code @<annotation>} (simple name), in source order. */
    List<ClassOrInterfaceDeclaration> classesAnnotated(String annotation) {
        List<ClassOrInterfaceDeclaration> classes = new ArrayList<>();
        for (CompilationUnit cu : units) {
            for (ClassOrInterfaceDeclaration c : cu.findAll(ClassOrInterfaceDeclaration.class)) {
                if (c.isTopLevelType() && c.getAnnotationByName(annotation).isPresent()) {
                    classes.add(c);
                }
            }
        }
        return classes;
    }

    /** The value of a {@code static final String} constant, folding literals joined with {@code +}. */
    String stringConstant(String typeName, String field) {
        for (CompilationUnit cu : units) {
            for (TypeDeclaration<?> type : cu.findAll(TypeDeclaration.class)) {
                if (!type.getNameAsString().equals(typeName)) {
                    continue;
                }
                for (FieldDeclaration f : type.getFields()) {
                    for (VariableDeclarator v : f.getVariables()) {
                        if (v.getNameAsString().equals(field) && v.getInitializer().isPresent()) {
                            return fold(v.getInitializer().get(), type);
                        }
                    }
                }
            }
        }
        throw new IllegalArgumentException(name + " has no constant " + typeName + "." + field);
    }

    private String fold(Expression e, TypeDeclaration<?> owner) {
        if (e instanceof StringLiteralExpr s) {
            return s.asString();
        }
        if (e instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.PLUS) {
            return fold(b.getLeft(), owner) + fold(b.getRight(), owner);
        }
        if (e instanceof NameExpr n) {
            return stringConstant(owner.getNameAsString(), n.getNameAsString());
        }
        if (e instanceof MethodCallExpr call && call.getNameAsString().equals("compile") && !call.getArguments().isEmpty()) {
            return fold(call.getArgument(0), owner); // Pattern.compile("...")
        }
        throw new IllegalArgumentException("cannot fold " + e + " in " + owner.getNameAsString());
    }

    // ------------------------------------------------------------------------------------------ helpers

    static Optional<String> annotationMember(AnnotationExpr a, String member) {
        if (a instanceof SingleMemberAnnotationExpr s && member.equals("value")) {
            return literal(s.getMemberValue());
        }
        if (a instanceof NormalAnnotationExpr n) {
            return n.getPairs().stream().filter(p -> p.getNameAsString().equals(member)).findFirst()
                    .flatMap(p -> literal(p.getValue()));
        }
        return Optional.empty();
    }

    private static Optional<String> literal(Expression e) {
        return e.isStringLiteralExpr() ? Optional.of(e.asStringLiteralExpr().asString()) : Optional.empty();
    }

    private static String typeName(CompilationUnit cu) {
        return cu.getPrimaryTypeName().orElse("?");
    }

    private static List<CompilationUnit> parse(List<Path> files) {
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_21));
        List<CompilationUnit> out = new ArrayList<>();
        for (Path file : files) {
            try {
                ParseResult<CompilationUnit> result = parser.parse(file);
                if (!result.isSuccessful() || result.getResult().isEmpty()) {
                    throw new IllegalStateException("cannot parse " + Repo.relative(file) + ": " + result.getProblems());
                }
                out.add(result.getResult().get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static Properties loadProperties(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            p.putAll(propertiesOf(Repo.read(file)));
        }
        return p;
    }

    private static Properties propertiesOf(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static Document loadPom(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + Repo.relative(file), e);
        }
    }

    private static String text(Element parent, String child) {
        NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    @Override
    public String toString() {
        return name;
    }
}
