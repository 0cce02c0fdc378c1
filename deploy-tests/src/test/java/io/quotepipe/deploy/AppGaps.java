package io.quotepipe.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.Map;

/** The known differences between the deployment and the apps: {@code src/test/resources/app-gaps.yaml}. */
final class AppGaps {

    static final String FILE = "deploy-tests/src/test/resources/app-gaps.yaml";
    private static final Map<String, Map<String, Map<String, String>>> GAPS = load();

    private AppGaps() {
    }

    static Map<String, String> environment(String module) {
        return section(module, "environment");
    }

    static Map<String, String> actions(String module) {
        return section(module, "actions");
    }

    static Map<String, String> dependencies(String module) {
        return section(module, "dependencies");
    }

    private static Map<String, String> section(String module, String section) {
        Map<String, Map<String, String>> sections = GAPS.getOrDefault(module, Map.of());
        Map<String, String> entries = sections.get(section);
        return entries == null ? Map.of() : entries;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Map<String, String>>> load() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object loaded = new Yaml(new SafeConstructor(options)).load(Repo.read(FILE));
        return loaded == null ? Map.of() : (Map<String, Map<String, Map<String, String>>>) loaded;
    }
}
