package io.herald.server;

import io.herald.server.config.Setting;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Takes an option's default from the environment: {@code --mqtt-port} from {@code HERALD_MQTT_PORT}.
 * Flags on the command line win over the environment, which wins over built-in defaults.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option && option.longestName().startsWith("--")) {
            String value = env.get(Setting.variableFor(option.longestName()));
            if (value != null) {
                return value;
            }
        }
        return arg.defaultValue();
    }
}
