package io.herald.server.cli;

import java.net.URI;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every admin command shares: where the REST API is, the bearer, and the output format.
 * {@code --url} and {@code --token} default to {@code HERALD_URL} and {@code HERALD_TOKEN} (the environment
 * default provider). Not thread-safe: picocli fills it, the command reads it.
 */
final class AdminOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The server's REST API (default: HERALD_URL, else ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The admin token, or a token created with admin rights (default: HERALD_TOKEN).")
    String token;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--json", description = "Print the server's JSON answer instead of a table (for scripts).")
    boolean json;

    /** The base URI without a trailing slash; a bad one is a usage error. */
    URI base() {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--url '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "--url must be http://HOST:PORT or https://HOST:PORT, not '"
                    + url + "'");
        }
        return uri;
    }

    /** The bearer; missing is a usage error. */
    String bearer() {
        if (token == null || token.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--token (or HERALD_TOKEN) is required");
        }
        return token.strip();
    }
}
