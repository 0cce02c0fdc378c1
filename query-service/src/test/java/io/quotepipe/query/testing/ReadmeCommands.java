package io.quotepipe.query.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code aws dynamodb} examples of a README: every fenced {@code sh} block that is one {@code aws dynamodb}
 * command, with the fenced {@code json} block right after it as the output it gives.
 */
public final class ReadmeCommands {

    /**
     * One example.
     *
     * @param line     the README line where the command starts
     * @param words    the command as the shell would pass it, variables not yet expanded ({@code $NAME} kept)
     * @param expected the output block
     */
    public record Example(int line, List<String> words, String expected) {

        /** {@code get-item}, {@code query}. */
        public String operation() {
            return words.get(2);
        }

        /** The options, {@code --name value} or a flag ({@code --no-scan-index-forward}) with value null. */
        public Map<String, String> options() {
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 3; i < words.size(); i++) {
                String word = words.get(i);
                if (!word.startsWith("--")) {
                    throw new IllegalArgumentException("README line " + line + ": expected an option, found " + word);
                }
                boolean flag = i + 1 >= words.size() || words.get(i + 1).startsWith("--");
                options.put(word.substring(2), flag ? null : words.get(++i));
            }
            return options;
        }

        /** The words with {@code $NAME} and {@code ${NAME}} replaced, for running the command without a shell. */
        public List<String> expanded(UnaryOperator<String> variables) {
            return words.stream().map(w -> expand(w, variables)).toList();
        }
    }

    private ReadmeCommands() {
    }

    public static List<Example> read(Path readme) throws IOException {
        return parse(Files.readString(readme));
    }

    public static List<Example> parse(String markdown) {
        List<Example> examples = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals("```sh")) {
                continue;
            }
            int start = i + 1;
            int line = i + 2;
            StringBuilder block = new StringBuilder();
            for (i = start; i < lines.length && !lines[i].strip().equals("```"); i++) {
                block.append(lines[i]).append('\n');
            }
            String command = block.toString().replace("\\\n", " ").strip();
            if (!command.startsWith("aws dynamodb ")) {
                continue;
            }
            int next = i + 1;
            while (next < lines.length && lines[next].isBlank()) {
                next++;
            }
            if (next >= lines.length || !lines[next].strip().equals("```json")) {
                throw new IllegalArgumentException("README line " + line + ": the command has no ```json output block after it");
            }
            StringBuilder output = new StringBuilder();
            for (i = next + 1; i < lines.length && !lines[i].strip().equals("```"); i++) {
                output.append(lines[i]).append('\n');
            }
            examples.add(new Example(line, words(command, line), output.toString()));
        }
        return examples;
    }

    /**
     * Splits a command line as a POSIX shell would for the quoting these examples use: single quotes literal, double
     * quotes with {@code \"} and {@code \\} escapes, whitespace between words. Variables stay as written.
     */
    static List<String> words(String command, int line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("README line " + line + ": unclosed ' in " + command);
                }
                word.append(command, i + 1, end);
                i = end;
            } else if (c == '"') {
                for (i++; i < command.length() && command.charAt(i) != '"'; i++) {
                    char d = command.charAt(i);
                    if (d == '\\' && i + 1 < command.length() && "\"\\$".indexOf(command.charAt(i + 1)) >= 0) {
                        d = command.charAt(++i);
                    }
                    word.append(d);
                }
                if (i >= command.length()) {
                    throw new IllegalArgumentException("README line " + line + ": unclosed \" in " + command);
                }
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private static String expand(String word, UnaryOperator<String> variables) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c != '$' || i + 1 >= word.length()) {
                out.append(c);
                continue;
            }
            int start = i + 1;
            boolean braced = word.charAt(start) == '{';
            int end = braced ? word.indexOf('}', start) : start;
            if (!braced) {
                while (end < word.length() && (Character.isLetterOrDigit(word.charAt(end)) || word.charAt(end) == '_')) {
                    end++;
                }
            }
            String name = word.substring(braced ? start + 1 : start, end);
            String value = variables.apply(name);
            out.append(value == null ? "" : value);
            i = braced ? end : end - 1;
        }
        return out.toString();
    }
}
