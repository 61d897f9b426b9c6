package dev.k2.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting: a name, a default, a typed parser and the rule its value must satisfy (STYLE.md 10).
 *
 * @param name        dotted key, as written in a config file or passed with {@code --set}
 * @param defaultText the default, as text (parsed by the same parser as user values)
 * @param description one line for {@code k2 config --print} and {@code --help}
 * @param allowed     what a valid value is, in words, for error messages
 * @param parser      text to value; throws {@link IllegalArgumentException} on malformed text
 * @param rule        true when a parsed value is allowed
 */
public record Setting<T>(String name, String defaultText, String description, String allowed,
                         Function<String, T> parser, Predicate<T> rule) {

    public Setting {
        Objects.requireNonNull(name);
        Objects.requireNonNull(defaultText);
    }

    public static Setting<Integer> intRange(String name, int defaultValue, int min, int max, String description) {
        return new Setting<>(name, Integer.toString(defaultValue), description,
            "an integer from " + min + " to " + max, Integer::parseInt, v -> v >= min && v <= max);
    }

    public static Setting<Long> longRange(String name, long defaultValue, long min, long max, String description) {
        return new Setting<>(name, Long.toString(defaultValue), description,
            "an integer from " + min + " to " + max, Long::parseLong, v -> v >= min && v <= max);
    }

    public static Setting<Integer> powerOfTwo(String name, int defaultValue, int min, int max, String description) {
        return new Setting<>(name, Integer.toString(defaultValue), description,
            "a power of two from " + min + " to " + max, Integer::parseInt,
            v -> v >= min && v <= max && Integer.bitCount(v) == 1);
    }

    public static Setting<String> oneOf(String name, String defaultValue, List<String> choices, String description) {
        return new Setting<>(name, defaultValue, description, "one of " + String.join(", ", choices),
            String::trim, choices::contains);
    }

    public static Setting<String> text(String name, String defaultValue, String description) {
        return new Setting<>(name, defaultValue, description, "a non-empty text", String::trim, v -> !v.isEmpty());
    }
}
