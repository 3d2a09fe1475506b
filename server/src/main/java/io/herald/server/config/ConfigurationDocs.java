package io.herald.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Writes the settings table of docs/configuration.md from a command's picocli model: the same options,
 * descriptions and defaults as its {@code --help}, so the two cannot drift. The table sits between two
 * marker lines; the prose around it is written by hand. Stateless.
 */
public final class ConfigurationDocs {

    static final String BEGIN = "<!-- settings: generated from the options of 'herald serve' by ConfigurationDocs; do not edit -->";
    static final String END = "<!-- end of settings -->";

    private ConfigurationDocs() {}

    /**
     * {@code doc} with the part between the marker lines replaced by the settings of {@code command}.
     *
     * @throws IllegalArgumentException if {@code doc} lacks the marker lines
     */
    public static String update(String doc, CommandSpec command) {
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document needs the lines " + BEGIN + " and " + END);
        }
        return doc.substring(0, begin + BEGIN.length()) + "\n" + table(command) + doc.substring(end);
    }

    /** The settings of {@code command} as a Markdown table, one row per setting, by key. */
    static String table(CommandSpec command) {
        Help help = new Help(command, Help.defaultColorScheme(Help.Ansi.OFF));
        Help.IOptionRenderer renderer = help.createDefaultOptionRenderer();
        StringBuilder out = new StringBuilder();
        out.append("| Key | Value | Default | Environment | Description |\n");
        out.append("|---|---|---|---|---|\n");
        for (Setting s : Setting.of(command)) {
            Text[][] rows = renderer.render(s.option(), help.parameterLabelRenderer(), help.colorScheme());
            String description = Arrays.stream(rows).map(r -> r[r.length - 1].toString().strip())
                    .filter(d -> !d.isEmpty()).collect(Collectors.joining(" "));
            out.append("| `").append(s.key()).append("` | ")
                    .append(escape(value(s.option()))).append(" | ")
                    .append(s.option().defaultValue() == null ? "" : "`" + s.option().defaultValue() + "`").append(" | `")
                    .append(s.variable()).append("` | ")
                    .append(escape(description))
                    .append(s.secret() ? " Secret: `--print-config` masks it." : "")
                    .append(" |\n");
        }
        return out.toString();
    }

    /** What the value is: the option's label when it has one (FILE), its choices, or its type. */
    private static String value(OptionSpec option) {
        Class<?> type = option.type();
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(" | "));
        }
        if (!option.paramLabel().startsWith("<")) {
            return option.paramLabel();
        }
        return switch (type.getSimpleName()) {
            case "int", "Integer" -> "int";
            case "long", "Long" -> "long";
            case "boolean", "Boolean" -> "true | false";
            default -> type.getSimpleName().toLowerCase(Locale.ROOT);
        };
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
                .replace("<", "&lt;").replace(">", "&gt;");
    }
}
