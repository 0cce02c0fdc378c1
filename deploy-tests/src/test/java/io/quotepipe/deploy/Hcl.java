package io.quotepipe.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of HCL to read Terraform files: blocks ({@code type "label" ... { body }}) found by a scanner that skips
 * strings (with their {@code ${...}} interpolations) and comments, and a block's top-level attributes as source text.
 * Heredocs are not supported: the project's Terraform has none, and a test says so.
 */
final class Hcl {

    /** A block: its type, labels, body (the text between its braces) and the file it is in. */
    record Block(String type, List<String> labels, String body, Path file) {
        String label(int i) {
            return labels.get(i);
        }

        /** Blocks directly inside this one. */
        List<Block> blocks(String blockType) {
            return Hcl.blocks(body, blockType, file, true);
        }

        /** Top-level attribute {@code name = expression}: the expression's source text. */
        Optional<String> attribute(String name) {
            return Optional.ofNullable(attributes().get(name));
        }

        Map<String, String> attributes() {
            return Hcl.attributes(body);
        }
    }

    private static final Pattern BLOCK_HEAD = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)((?:\\s+\"[^\"]*\")*)\\s*\\{");
    private static final Pattern LABEL = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)\\s*=(?!=)");

    private Hcl() {
    }

    /** Top-level blocks of {@code type} in a file. */
    static List<Block> blocks(Path file, String type) {
        return blocks(Repo.read(file), type, file, true);
    }

    /** Blocks of {@code type} at the top level of {@code text}. */
    static List<Block> blocks(String text, String type, Path file, boolean topLevelOnly) {
        List<Block> out = new ArrayList<>();
        int depth = 0;
        int lineStart = 0;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '"') {
                i = skipString(text, i);
                continue;
            }
            if (c == '#' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                i = skipLine(text, i);
                continue;
            }
            if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                i = text.indexOf("*/", i + 2) + 2;
                continue;
            }
            if (c == '<' && text.startsWith("<<", i)) {
                throw new IllegalStateException((file == null ? "" : Repo.relative(file) + ": ") + "heredocs are not read by these tests");
            }
            if (c == '\n') {
                lineStart = i + 1;
            }
            if (c == '{' || c == '[' || c == '(') {
                if (c == '{' && (depth == 0 || !topLevelOnly)) {
                    String head = text.substring(lineStart, i + 1).strip();
                    Matcher m = BLOCK_HEAD.matcher(head);
                    if (m.matches() && m.group(1).equals(type)) {
                        int end = matching(text, i);
                        List<String> labels = new ArrayList<>();
                        Matcher l = LABEL.matcher(m.group(2));
                        while (l.find()) {
                            labels.add(l.group(1));
                        }
                        out.add(new Block(type, labels, text.substring(i + 1, end), file));
                        i = end + 1;
                        continue;
                    }
                }
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            }
            i++;
        }
        return out;
    }

    /** Attributes at depth 0 of a block body, each with its expression's source text (to the end of its line or bracket). */
    static Map<String, String> attributes(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        int depth = 0;
        boolean lineStart = true;
        for (int i = 0; i < body.length(); ) {
            char c = body.charAt(i);
            if (c == '"') {
                i = skipString(body, i);
                lineStart = false;
                continue;
            }
            if (c == '#' || (c == '/' && i + 1 < body.length() && body.charAt(i + 1) == '/')) {
                i = skipLine(body, i);
                continue;
            }
            if (c == '\n') {
                lineStart = true;
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (depth == 0 && lineStart) {
                Matcher m = ATTRIBUTE.matcher(body).region(i, body.length());
                if (m.lookingAt()) {
                    int start = m.end();
                    int end = expressionEnd(body, start);
                    out.put(m.group(1), body.substring(start, end).strip());
                    i = end;
                    lineStart = false;
                    continue;
                }
            }
            lineStart = false;
            if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            }
            i++;
        }
        return out;
    }

    /** The string literals of an expression, e.g. a list {@code ["a", "b"]}. */
    static List<String> strings(String expression) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(expression);
        while (m.find()) {
            out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    /** The value of a plain string literal expression, e.g. {@code "crypto-quotes"}. */
    static Optional<String> stringLiteral(String expression) {
        String e = expression.strip();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") && skipString(e, 0) == e.length()) {
            return Optional.of(e.substring(1, e.length() - 1));
        }
        return Optional.empty();
    }

    /** Names {@code NAME = ...} of upper-case keys in an object expression (environment variables). */
    static Set<String> upperCaseKeys(String expression) {
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s*([A-Z][A-Z0-9_]*)\\s*=(?!=)").matcher(expression);
        while (m.find()) {
            keys.add(m.group(1));
        }
        Matcher inline = Pattern.compile("[{,]\\s*([A-Z][A-Z0-9_]*)\\s*=(?!=)").matcher(expression);
        while (inline.find()) {
            keys.add(inline.group(1));
        }
        return keys;
    }

    /** Every {@code prefix.name} reference in text outside comments, e.g. {@code var.x} or {@code local.y}. */
    static Set<String> references(String text, String prefix) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(prefix) + "\\.([A-Za-z_][A-Za-z0-9_]*)").matcher(withoutComments(text));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = skipString(text, i);
                out.append(text, i, end);
                i = end;
            } else if (c == '#' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                i = skipLine(text, i);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int expressionEnd(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '"') {
                i = skipString(text, i);
                continue;
            }
            if (c == '#' && depth == 0) {
                return i;
            }
            if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (c == '\n' && depth == 0) {
                // A line ending in an operator continues the expression (a ? b :\n c).
                String sofar = text.substring(from, i).strip();
                if (!sofar.endsWith("?") && !sofar.endsWith(":") && !sofar.endsWith("&&") && !sofar.endsWith("||")) {
                    return i;
                }
            }
            i++;
        }
        return text.length();
    }

    private static int matching(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '"') {
                i = skipString(text, i);
                continue;
            }
            if (c == '#' || (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/')) {
                i = skipLine(text, i);
                continue;
            }
            if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
            i++;
        }
        throw new IllegalStateException("unbalanced braces from offset " + open);
    }

    /** The index after the string starting at {@code open}, interpolations and their nested strings included. */
    private static int skipString(String text, int open) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{' && (i == 0 || text.charAt(i - 1) != '$')) {
                i = matching(text, i + 1);
            }
        }
        throw new IllegalStateException("unterminated string from offset " + open);
    }

    private static int skipLine(String text, int from) {
        int end = text.indexOf('\n', from);
        return end < 0 ? text.length() : end;
    }
}
