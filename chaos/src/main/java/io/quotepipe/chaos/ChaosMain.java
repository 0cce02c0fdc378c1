package io.quotepipe.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quotepipe.local.support.ServerArgs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * {@code ./quotepipe chaos [--minutes N] [--seed S]}: runs {@link ChaosRun}, prints its table and writes it as JSON
 * to {@code .quotepipe/chaos-<seed>.json}. Exits 1 on any loss, duplicate, mismatch or missing alert.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws IOException {
        double minutes;
        long seed;
        try {
            ServerArgs parsed = ServerArgs.parse(args, "./quotepipe chaos [--minutes N] [--seed S]",
                    Set.of("--minutes", "--seed"), Set.of());
            minutes = Double.parseDouble(parsed.value("--minutes").orElse("3"));
            seed = parsed.value("--seed").map(Long::parseLong).orElse(System.currentTimeMillis() % 100_000);
        } catch (NumberFormatException e) {
            usage("--minutes and --seed take numbers (" + e.getMessage() + "); usage: ./quotepipe chaos [--minutes N] [--seed S]");
            return;
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
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

    private static void usage(String problem) {
        System.err.println("quotepipe chaos: " + problem);
        System.exit(2);
    }
}
