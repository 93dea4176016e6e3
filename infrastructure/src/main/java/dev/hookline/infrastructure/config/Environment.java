package dev.hookline.infrastructure.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The function's environment variables. In Lambda this is {@code System.getenv()}; the local runner hands
 * each function the variables template.yaml declares for it, so both read configuration the same way.
 */
public final class Environment {
    private final Map<String, String> variables;

    public Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Environment system() {
        return new Environment(System.getenv());
    }

    public Map<String, String> asMap() {
        return variables;
    }

    public String require(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name + " is not set");
        }
        return value;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    public boolean flag(String name) {
        return optional(name).map(Boolean::parseBoolean).orElse(false);
    }

    public int integer(String name, int fallback) {
        return optional(name).map(Integer::parseInt).orElse(fallback);
    }

    /** Variables whose names end with the suffix, sorted by name (health lists resources this way). */
    public Map<String, String> endingWith(String suffix) {
        Map<String, String> out = new TreeMap<>();
        variables.forEach((k, v) -> {
            if (k.endsWith(suffix) && v != null && !v.isBlank()) {
                out.put(k, v);
            }
        });
        return out;
    }
}
