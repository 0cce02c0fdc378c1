package io.quotepipe.local.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of every local process's {@code main} (the servers, {@code ./quotepipe up}): options
 * {@code --name value} and flags {@code --name}, each known in advance. An unknown option, a missing value or a bad
 * port fails with the problem and the usage line, so that a typo never starts a server on a default.
 *
 * <pre>{@code
 * ServerArgs args = ServerArgs.parse(argv, "KafkaBrokerMain --data-dir DIR [--port N]", Set.of("--data-dir", "--port"), Set.of());
 * int port = args.port("--port");   // 0 when absent: any free port
 * }</pre>
 */
public final class ServerArgs {

    private final String usage;
    private final Map<String, String> values;

    private ServerArgs(String usage, Map<String, String> values) {
        this.usage = usage;
        this.values = values;
    }

    /**
     * @param usage   the usage line, e.g. {@code KafkaBrokerMain --data-dir DIR [--port N]}
     * @param options the options that take a value
     * @param flags   the options that take none
     * @throws IllegalArgumentException naming the problem, with the usage line
     */
    public static ServerArgs parse(String[] args, String usage, Set<String> options, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                values.put(name, "true");
            } else if (options.contains(name)) {
                if (i + 1 >= args.length) {
                    throw problem(usage, name + " needs a value");
                }
                values.put(name, args[++i]);
            } else {
                throw problem(usage, "unknown argument '" + name + "'");
            }
        }
        return new ServerArgs(usage, values);
    }

    public Optional<String> value(String option) {
        return Optional.ofNullable(values.get(option));
    }

    public String required(String option) {
        return value(option).orElseThrow(() -> problem(usage, option + " is required"));
    }

    public Optional<Path> path(String option) {
        return value(option).map(Path::of);
    }

    public boolean flag(String option) {
        return values.containsKey(option);
    }

    /** A port, 0 (any free port) when the option is absent. */
    public int port(String option) {
        String text = values.get(option);
        if (text == null) {
            return 0;
        }
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw problem(usage, option + " must be a port, 0..65535, was '" + text + "'");
    }

    /** The options given, in order, for a log line. */
    public List<String> given() {
        return List.copyOf(values.keySet());
    }

    private static IllegalArgumentException problem(String usage, String problem) {
        return new IllegalArgumentException(problem + "; usage: " + usage);
    }
}
