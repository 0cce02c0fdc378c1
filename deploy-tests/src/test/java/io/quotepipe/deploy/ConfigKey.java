package io.quotepipe.deploy;

import java.util.regex.Pattern;

/**
 * A configuration key an app reads, e.g. {@code quotepipe.kafka.send-timeout}; {@code *} stands for a map key or a
 * list index. Quarkus (SmallRye Config) also reads every key from the environment under its environment name:
 * each character other than a letter or digit becomes {@code _}, letters go upper case
 * (https://smallrye.io/smallrye-config/Main/config/environment-variables/).
 *
 * @param name         the key
 * @param defaultValue the app's value when nothing is configured (@WithDefault, application.properties), or null
 * @param optional     whether the app works without a value (an Optional)
 * @param origin       where the key was found, for messages
 */
record ConfigKey(String name, String defaultValue, boolean optional, String origin) {

    boolean hasDefault() {
        return defaultValue != null;
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9*]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    String envName() {
        return envName(name);
    }

    boolean isReadFrom(String environmentVariable) {
        String env = envName();
        if (!env.contains("*")) {
            return env.equals(environmentVariable);
        }
        String regex = Pattern.quote(env).replace("*", "\\E[A-Z0-9_]+\\Q");
        return environmentVariable.matches(regex);
    }

    /** Whether the app needs a value: no default, not optional, and not a map entry (a map may be empty). */
    boolean required() {
        return !hasDefault() && !optional && !name.contains("*");
    }
}
