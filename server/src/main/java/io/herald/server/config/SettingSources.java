package io.herald.server.config;

import io.herald.server.auth.ConfigFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Gives each setting of a command that is not on the command line its value from, in this order, the
 * {@code HERALD_*} environment, the configuration file, or the option's default; and says afterwards
 * where each value came from. The file is {@code --config FILE}, else {@code HERALD_CONFIG}, else
 * {@code herald.yaml} in the working directory when present. The whole file is checked when first
 * needed: an unknown key or a value the option's own converter refuses fails the command line with the
 * file and line. Picocli calls it while parsing, on the thread that parses and then runs the command.
 */
public final class SettingSources implements IDefaultValueProvider {

    private static final Pattern LEADING_FLAG = Pattern.compile("^(--[a-z0-9][a-z0-9-]*)");

    private final Map<String, String> env;
    private final Path workDir;
    private Path loadedPath;
    private ConfigFile loaded;

    /**
     * @param env the process environment
     * @param workDir the working directory, where {@code herald.yaml} is looked for
     */
    public SettingSources(Map<String, String> env, Path workDir) {
        this.env = Map.copyOf(env);
        this.workDir = workDir;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return arg.defaultValue();
        }
        if (option.longestName().equals(ConfigOptions.CONFIG)) {
            return env.getOrDefault(Setting.variableFor(ConfigOptions.CONFIG), option.defaultValue());
        }
        if (!Setting.isSetting(option)) {
            return option.defaultValue();
        }
        Setting setting = Setting.of(option);
        String fromEnv = env.get(setting.variable());
        if (fromEnv != null) {
            ValueCheck.problem(option, fromEnv).ifPresent(p -> {
                throw new ParameterException(option.command().commandLine(), setting.variable() + ": " + p);
            });
            return fromEnv;
        }
        ConfigFile.Entry entry = file(option.command()).map(f -> f.entries().get(setting.key())).orElse(null);
        return entry != null ? entry.text() : option.defaultValue();
    }

    /** Where the value of {@code setting} came from, once {@code parsed} is the command line's parse result. */
    public Source source(Setting setting, ParseResult parsed) {
        if (parsed != null && parsed.hasMatchedOption(setting.option())) {
            return Source.FLAG;
        }
        if (env.containsKey(setting.variable())) {
            return new Source(Source.Kind.ENV, setting.variable());
        }
        ConfigFile.Entry entry = file(setting.option().command()).map(f -> f.entries().get(setting.key())).orElse(null);
        if (entry != null) {
            return new Source(Source.Kind.FILE, loadedPath + ":" + entry.line());
        }
        return Source.DEFAULT;
    }

    /**
     * The configuration file of {@code command}, read and checked against its settings; empty when there is
     * none.
     *
     * @throws ParameterException if the file cannot be read, or has an unknown key or a bad value
     */
    public Optional<ConfigFile> file(CommandSpec command) {
        Optional<Path> path = path(command);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        if (!path.get().equals(loadedPath)) {
            loaded = checked(command, path.get());
            loadedPath = path.get();
        }
        return Optional.of(loaded);
    }

    /**
     * {@code message}, an error about the command's settings, with the place its leading flag's value
     * came from when that was not the command line: {@code herald.yaml:3: --mqtt-port must be 0..65535}.
     */
    public String attribute(String message, CommandLine commandLine) {
        Matcher m = LEADING_FLAG.matcher(message);
        OptionSpec option = m.find() ? commandLine.getCommandSpec().findOption(m.group(1)) : null;
        if (option == null || !Setting.isSetting(option)) {
            return message;
        }
        Source source;
        try {
            source = source(Setting.of(option), commandLine.getParseResult());
        } catch (ParameterException e) {
            return message;
        }
        return switch (source.kind()) {
            case FILE -> source.where() + ": " + message;
            case ENV -> message + " (from " + source.where() + ")";
            case FLAG, DEFAULT -> message;
        };
    }

    private Optional<Path> path(CommandSpec command) {
        OptionSpec config = command.findOption(ConfigOptions.CONFIG);
        Path given = config == null ? null : config.getValue();
        if (given != null) {
            return Optional.of(given);
        }
        String fromEnv = env.get(Setting.variableFor(ConfigOptions.CONFIG));
        if (fromEnv != null) {
            return Optional.of(Path.of(fromEnv));
        }
        Path local = workDir.resolve(ConfigOptions.DEFAULT_FILE);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    private static ConfigFile checked(CommandSpec command, Path path) {
        try {
            ConfigFile file = ConfigFile.read(path);
            Map<String, Setting> settings = new LinkedHashMap<>();
            Setting.of(command).forEach(s -> settings.put(s.key(), s));
            for (ConfigFile.Entry entry : file.entries().values()) {
                Setting setting = settings.get(entry.key());
                if (setting == null) {
                    throw new ConfigFileException(path, entry.line(), "unknown setting '" + entry.key() + "'"
                            + KeySuggestion.closest(entry.key(), settings.keySet()).map(k -> "; did you mean '" + k + "'?")
                                    .orElse(" (docs/configuration.md lists the settings)"));
                }
                Optional<String> problem = ValueCheck.problem(setting.option(), entry.text());
                if (problem.isPresent()) {
                    throw new ConfigFileException(path, entry.line(), entry.key() + ": " + problem.get());
                }
            }
            return file;
        } catch (ConfigFileException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }
}
