package io.herald.server.config;

import java.lang.reflect.AnnotatedElement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One setting of a command: a long option of its picocli model, with the key it has in the
 * configuration file ({@code --mqtt-port} → {@code mqtt-port}) and the environment variable it reads
 * ({@code HERALD_MQTT_PORT}). Derived from the model, never listed by hand, so options added to the
 * command or its mixins are settings without further work. Immutable.
 */
public record Setting(OptionSpec option, String key, String variable, boolean secret) {

    /** The options that say where the settings come from, or what to do with them, rather than being settings. */
    static final Set<String> NOT_SETTINGS = Set.of(ConfigOptions.CONFIG, ConfigOptions.PRINT_CONFIG);

    private static final List<String> SECRET_SUFFIXES = List.of("-password", "-token", "-secret");

    /** The environment variable of a long option: {@code --mqtt-port} → {@code HERALD_MQTT_PORT}. */
    public static String variableFor(String longName) {
        return "HERALD_" + keyFor(longName).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    static String keyFor(String longName) {
        return longName.replaceFirst("^--", "");
    }

    /** Every setting of {@code command}, those of its mixins included, by key as {@code --help} lists them. */
    public static List<Setting> of(CommandSpec command) {
        return command.options().stream().filter(Setting::isSetting).map(Setting::of)
                .sorted(Comparator.comparing(Setting::key)).toList();
    }

    static Setting of(OptionSpec option) {
        String name = option.longestName();
        return new Setting(option, keyFor(name), variableFor(name), isSecret(option));
    }

    /** Whether {@code option} is a setting: a long option that is not help, version or one of {@link #NOT_SETTINGS}. */
    static boolean isSetting(OptionSpec option) {
        return option.longestName().startsWith("--") && !option.usageHelp() && !option.versionHelp() && !option.help()
                && !NOT_SETTINGS.contains(option.longestName());
    }

    private static boolean isSecret(OptionSpec option) {
        boolean annotated = option.userObject() instanceof AnnotatedElement e && e.isAnnotationPresent(Secret.class);
        return annotated || SECRET_SUFFIXES.stream().anyMatch(option.longestName()::endsWith);
    }

    /** The flag, {@code --mqtt-port}. */
    public String flag() {
        return option.longestName();
    }
}
