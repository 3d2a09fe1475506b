package io.herald.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code --print-config} prints: each setting with its effective value and where it came from,
 * secrets masked, as a YAML file that can serve as a configuration file:
 *
 * <pre>
 * # config file: herald.yaml
 * mqtt-port: 1884          # flag
 * data-dir: /srv/herald    # herald.yaml:2
 * admin-token: '********'  # env HERALD_ADMIN_TOKEN
 * # acl-file:              # default (unset)
 * </pre>
 *
 * Stateless.
 */
public final class PrintConfig {

    static final String MASK = "'********'";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./]([A-Za-z0-9_./@+:=-]*[A-Za-z0-9_./@+=-])?");

    private PrintConfig() {}

    /** The effective settings of {@code command}, parsed, whose values came from {@code sources}. */
    public static String render(CommandSpec command, SettingSources sources) {
        CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        Optional<ConfigFile> file = sources.file(command);
        List<String[]> rows = new ArrayList<>();
        for (Setting s : Setting.of(command)) {
            Object value = s.option().getValue();
            Source source = sources.source(s, parsed);
            if (value == null) {
                rows.add(new String[] {"# " + s.key() + ":", "# " + source + " (unset)"});
            } else {
                rows.add(new String[] {s.key() + ": " + (s.secret() ? MASK : yaml(String.valueOf(value))), "# " + source});
            }
        }
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
        StringBuilder out = new StringBuilder();
        out.append("# herald ").append(command.name()).append(" settings: flag > HERALD_* environment > file > default\n");
        out.append("# config file: ").append(file.map(f -> f.path().toString()).orElse("none")).append('\n');
        for (String[] row : rows) {
            out.append(row[0]).append(" ".repeat(width - row[0].length())).append(row[1]).append('\n');
        }
        return out.toString();
    }

    /** {@code text} as a YAML scalar that reads back as the same string: plain when it can be, else quoted. */
    static String yaml(String text) {
        boolean plain = PLAIN.matcher(text).matches() && !text.equalsIgnoreCase("null");
        return plain ? text : "'" + text.replace("'", "''") + "'";
    }
}
