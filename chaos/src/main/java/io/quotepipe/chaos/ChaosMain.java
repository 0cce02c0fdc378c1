package io.quotepipe.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ./quotepipe chaos [--minutes N] [--seed S]}: runs {@link ChaosRun}, prints its table and writes it as JSON
 * to {@code .quotepipe/chaos-<seed>.json}. Exits 1 on any loss, duplicate, mismatch or missing alert.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws IOException {
        double minutes = 3;
        long seed = System.currentTimeMillis() % 100_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(value(args, ++i, "--minutes"));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        if (minutes < 1) {
            usage("--minutes must be at least 1 (every fault is injected once): " + minutes);
        }
        Path root = Path.of(System.getProperty("quotepipe.home", ".")).toAbsolutePath().normalize();
        Path workDir = root.resolve(System.getenv().getOrDefault("QUOTEPIPE_WORK_DIR", ".quotepipe"));
        Path runDir = workDir.resolve("chaos-" + seed);
        System.out.println("quotepipe chaos: seed " + seed + ", " + minutes + " min; logs under " + runDir);
        ChaosReport report = ChaosRun.run(new ChaosRun.Options(Duration.ofSeconds(Math.round(minutes * 60)), seed, root, runDir,
                Duration.ofSeconds(2), Duration.ofMinutes(3)));
        ObjectMapper json = new ObjectMapper();
        Path file = workDir.resolve("chaos-" + seed + ".json");
        Files.createDirectories(workDir);
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson(json)));
        System.out.print(report.table());
        System.out.println("report: " + file + "; replay with ./quotepipe chaos --seed " + seed);
        System.exit(report.ok() ? 0 : 1);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            usage(name + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("quotepipe chaos: " + problem + "\nusage: ./quotepipe chaos [--minutes N] [--seed S]");
        System.exit(2);
    }
}
