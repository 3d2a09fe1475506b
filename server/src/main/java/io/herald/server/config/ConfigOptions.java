package io.herald.server.config;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that choose the configuration file and print the effective settings; a picocli mixin of
 * {@code herald serve}. Filled in by picocli; read on the command's thread.
 */
public final class ConfigOptions {

    static final String CONFIG = "--config";
    static final String PRINT_CONFIG = "--print-config";

    /** The file read when {@code --config} is not given, if it exists in the working directory. */
    public static final String DEFAULT_FILE = "herald.yaml";

    @Option(names = CONFIG, paramLabel = "FILE", description = "YAML configuration file; every option is a key"
            + " (--mqtt-port as mqtt-port: 1883). Without it, " + DEFAULT_FILE + " in the working directory is read"
            + " when present. Flags win over HERALD_* variables, which win over the file (docs/configuration.md).")
    Path config;

    @Option(names = PRINT_CONFIG, description = "Print the effective settings, where each comes from (flag,"
            + " environment, file:line or default; secrets masked), and exit.")
    boolean printConfig;

    /** Whether {@code --print-config} was given. */
    public boolean printConfig() {
        return printConfig;
    }
}
