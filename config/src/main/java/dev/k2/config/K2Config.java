package dev.k2.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The effective configuration: defaults, then a properties file, then command-line overrides, checked
 * in one validation pass that reports every problem at once. Immutable once built.
 */
public final class K2Config {
    /** Where a value came from, for {@code k2 config --print}. */
    public enum Source { DEFAULT, FILE, FLAG }

    private final Map<String, Object> values;
    private final Map<String, Source> sources;

    private K2Config(Map<String, Object> values, Map<String, Source> sources) {
        this.values = values;
        this.sources = sources;
    }

    public static K2Config defaults() {
        return load(null, Map.of());
    }

    /**
     * @param file      a properties file, or null
     * @param overrides values from flags; they win over the file
     * @throws ConfigException naming every bad key and value
     */
    public static K2Config load(Path file, Map<String, String> overrides) {
        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, Source> sources = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new ConfigException(List.of("cannot read config file " + file + ": " + e.getMessage()
                    + " (pass an existing properties file to --config)"));
            }
            for (String key : properties.stringPropertyNames()) {
                raw.put(key, properties.getProperty(key));
                sources.put(key, Source.FILE);
            }
        }
        overrides.forEach((k, v) -> {
            raw.put(k, v);
            sources.put(k, Source.FLAG);
        });
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : K2Settings.ALL) {
            String text = raw.remove(setting.name());
            Source source = text == null ? Source.DEFAULT : sources.get(setting.name());
            sources.put(setting.name(), source);
            Object value = parse(setting, text == null ? setting.defaultText() : text, problems);
            values.put(setting.name(), value);
        }
        for (String unknown : raw.keySet()) {
            problems.add(unknown + ": unknown setting (see `k2 config --print` for the known ones)");
        }
        if (problems.isEmpty()) {
            crossCheck(values, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new K2Config(values, sources);
    }

    private static <T> T parse(Setting<T> setting, String text, List<String> problems) {
        T value;
        try {
            value = setting.parser().apply(text.trim());
        } catch (RuntimeException e) {
            problems.add(setting.name() + " = '" + text + "': not " + setting.allowed());
            return null;
        }
        if (!setting.rule().test(value)) {
            problems.add(setting.name() + " = '" + text + "': must be " + setting.allowed());
            return null;
        }
        return value;
    }

    /** Rules that involve more than one setting. */
    private static void crossCheck(Map<String, Object> values, List<String> problems) {
        String wait = (String) values.get(K2Settings.WAIT_STRATEGY.name());
        String threading = (String) values.get(K2Settings.THREADING.name());
        boolean spins = wait.equals("yielding") || wait.equals("busy-spin");
        if (spins && threading.equals("per-stage")) {
            problems.add(K2Settings.WAIT_STRATEGY.name() + " = '" + wait + "' with " + K2Settings.THREADING.name()
                + " = 'per-stage' would spin three threads; on a small machine at most one thread may spin:"
                + " use engine.threading=fused, or engine.waitStrategy=blocking|sleeping");
        }
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting.name());
    }

    public Source source(Setting<?> setting) {
        return sources.get(setting.name());
    }

    /** The effective configuration, one {@code key = value  # source: description} line each. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Setting<?> setting : K2Settings.ALL) {
            out.append(setting.name()).append(" = ").append(Secrets.redact(String.valueOf(values.get(setting.name()))))
                .append("    # ").append(source(setting).name().toLowerCase()).append(": ")
                .append(setting.description()).append(" (").append(setting.allowed()).append(")\n");
        }
        return out.toString();
    }

    public Map<String, Object> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }
}
