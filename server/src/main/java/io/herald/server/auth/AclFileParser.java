package io.herald.server.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.herald.broker.auth.AclEntry;
import io.herald.broker.auth.Action;
import io.herald.broker.auth.Effect;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an ACL file (YAML) into {@link AclRules}, rejecting the whole file at the first problem with
 * its line and the reason:
 *
 * <pre>
 * default: deny            # optional; deny when left out
 * rules:
 *   - who: anonymous       # anonymous | all | user:NAME | clientId:GLOB
 *     topic: test/nosubscribe
 *     actions: [subscribe] # subscribe, publish
 *     effect: deny         # allow | deny
 * </pre>
 *
 * Unknown keys are errors, so a misspelt key cannot silently widen access. Reads the streaming tokens
 * rather than a tree to know each value's line. One instance per parse, on one thread.
 */
final class AclFileParser {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final List<String> RULE_KEYS = List.of("who", "topic", "actions", "effect");

    private final Path file;
    private final JsonParser p;

    private AclFileParser(Path file, JsonParser p) {
        this.file = file;
        this.p = p;
    }

    static AclRules parse(Path file, String text) throws ConfigFileException {
        try (JsonParser p = YAML.createParser(text)) {
            return new AclFileParser(file, p).document();
        } catch (JsonProcessingException e) {
            throw new ConfigFileException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigFileException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    private AclRules document() throws IOException, ConfigFileException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw fail(0, "the file is empty; it needs a 'rules:' list");
        }
        if (t != JsonToken.START_OBJECT) {
            throw fail(line(), "expected 'rules:' (and optionally 'default:') at the top level");
        }
        DocumentFields d = new DocumentFields();
        mapping("", key -> {
            switch (key) {
                case "rules" -> d.rules = rules();
                case "default" -> d.defaultEffect = effect(key);
                default -> throw new IllegalArgumentException("unknown key '" + key + "' (expected rules, default)");
            }
        });
        if (p.nextToken() != null) {
            throw fail(line(), "only one YAML document is allowed");
        }
        if (d.rules == null) {
            throw fail(0, "no 'rules:' list");
        }
        return new AclRules(d.rules, d.defaultEffect);
    }

    /** The top level's values while it is read. */
    private static final class DocumentFields {
        List<AclRule> rules;
        Effect defaultEffect = AclRules.DEFAULT_EFFECT;
    }

    private List<AclRule> rules() throws IOException, ConfigFileException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw fail(line(), "'rules' must be a list of rules (an empty one is 'rules: []')");
        }
        List<AclRule> rules = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            rules.add(rule(rules.size() + 1));
        }
        return rules;
    }

    /** A rule's values while its mapping is read. */
    private static final class RuleFields {
        Who who;
        String topic;
        Set<Action> actions;
        Effect effect;
    }

    private AclRule rule(int n) throws IOException, ConfigFileException {
        int start = line();
        String prefix = "rule " + n + ": ";
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw fail(start, prefix + "a rule is a mapping of who, topic, actions and effect");
        }
        RuleFields r = new RuleFields();
        Set<String> seen = mapping(prefix, key -> {
            switch (key) {
                case "who" -> r.who = Who.parse(scalar(key));
                case "topic" -> r.topic = AclEntry.checkFilter(scalar(key));
                case "actions" -> r.actions = actions();
                case "effect" -> r.effect = effect(key);
                default -> throw new IllegalArgumentException(
                        "unknown key '" + key + "' (expected " + String.join(", ", RULE_KEYS) + ")");
            }
        });
        List<String> missing = RULE_KEYS.stream().filter(k -> !seen.contains(k)).toList();
        if (!missing.isEmpty()) {
            throw fail(start, prefix + "missing " + String.join(", ", missing));
        }
        try {
            return new AclRule(start, r.who, new AclEntry(r.effect, r.actions, r.topic));
        } catch (IllegalArgumentException e) {
            throw fail(start, prefix + e.getMessage());
        }
    }

    /** Reads one key's value, the parser on its first token; IllegalArgumentException says what is wrong. */
    @FunctionalInterface
    private interface KeyReader {
        void read(String key) throws IOException, ConfigFileException;
    }

    /**
     * Reads the mapping whose START_OBJECT is the current token, key by key, to its END_OBJECT: a key
     * given twice or an IllegalArgumentException from {@code reader} fails on that key's line.
     *
     * @return the keys it had
     */
    private Set<String> mapping(String prefix, KeyReader reader) throws IOException, ConfigFileException {
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = line();
            p.nextToken();
            if (!seen.add(key)) {
                throw fail(keyLine, prefix + "'" + key + "' is given twice");
            }
            try {
                reader.read(key);
            } catch (IllegalArgumentException e) {
                throw fail(keyLine, prefix + e.getMessage());
            }
        }
        return seen;
    }

    private Set<Action> actions() throws IOException {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        if (p.currentToken() != JsonToken.START_ARRAY) {
            actions.add(action(scalar("actions")));
            return actions;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            actions.add(action(scalar("actions")));
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("actions is empty; list subscribe, publish or both");
        }
        return actions;
    }

    private static Action action(String name) {
        return switch (name) {
            case "subscribe" -> Action.SUBSCRIBE;
            case "publish" -> Action.PUBLISH;
            default -> throw new IllegalArgumentException(
                    "unknown action '" + name + "' (expected subscribe, publish)");
        };
    }

    private Effect effect(String key) throws IOException {
        String value = scalar(key);
        return switch (value) {
            case "allow" -> Effect.ALLOW;
            case "deny" -> Effect.DENY;
            default -> throw new IllegalArgumentException(key + " must be allow or deny, not '" + value + "'");
        };
    }

    /** The current token as text; it must be a single value. */
    private String scalar(String key) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            throw new IllegalArgumentException(key + " has no value"
                    + (key.equals("topic") ? " (quote a filter that starts with #: '#' starts a YAML comment)" : ""));
        }
        if (!t.isScalarValue()) {
            throw new IllegalArgumentException(key + " must be a single value, not a list or mapping");
        }
        return p.getText();
    }

    private int line() {
        return p.currentTokenLocation().getLineNr();
    }

    private ConfigFileException fail(int line, String reason) {
        return new ConfigFileException(file, line, reason);
    }
}
