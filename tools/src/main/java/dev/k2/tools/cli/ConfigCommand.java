package dev.k2.tools.cli;

import dev.k2.config.K2Config;
import dev.k2.config.Secrets;
import dev.k2.config.K2Settings;
import dev.k2.config.Setting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
    description = {"Validate and print the effective configuration.",
        "Defaults, then --config FILE, then --set flags; each line shows where its value came from",
        "and what is allowed."})
public final class ConfigCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--print", description = "Print the effective configuration (the default action).")
    boolean print;

    @Override
    public Integer call() {
        K2Config config = common.config();
        if (common.json()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Setting<?> setting : K2Settings.ALL) {
                values.put(setting.name(), config.get(setting) instanceof String text ? Secrets.redact(text) : config.get(setting));
            }
            System.out.println(new Json().put("settings", values));
        } else {
            System.out.print(config.describe());
        }
        return 0;
    }
}
