package dev.k2.config;

import java.util.List;

/** Every problem found by one validation pass; each line names the key, the bad value and what is allowed. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
