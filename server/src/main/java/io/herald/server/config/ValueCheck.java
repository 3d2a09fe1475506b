package io.herald.server.config;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts a value from the environment or the file with the converter picocli uses for the option's
 * flag, so a value is valid in the file exactly when it is valid on the command line. The conversion
 * runs on a detached copy of the option: the command's own fields are not touched. Stateless.
 */
final class ValueCheck {

    private ValueCheck() {}

    /** Why {@code text} is not a valid value of {@code option} ({@code 'abc' is not an int}), or empty when it is. */
    static Optional<String> problem(OptionSpec option, String text) {
        Holder holder = new Holder();
        OptionSpec.Builder copy = OptionSpec.builder(option)
                .names(option.longestName())
                .setter(holder)
                .getter(holder)
                .defaultValue(null)
                .hasInitialValue(false)
                .required(false);
        if (option.arity().max() == 0) {
            copy.arity("1"); // a flag such as --foo takes true or false from the environment or the file
        }
        CommandSpec spec = CommandSpec.create().addOption(copy.build());
        try {
            new CommandLine(spec).parseArgs(option.longestName() + "=" + text);
            return Optional.empty();
        } catch (ParameterException e) {
            return Optional.of(e.getCause() instanceof TypeConversionException t ? t.getMessage() : e.getMessage());
        }
    }

    /** Where the detached copy keeps what it converted; thrown away. */
    private static final class Holder implements IGetter, ISetter {
        private Object value;

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) value;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T newValue) {
            T old = (T) value;
            value = newValue;
            return old;
        }
    }
}
