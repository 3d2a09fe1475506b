package io.herald.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static java.util.stream.Collectors.joining;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad ACL file is refused with the line at fault and the reason. */
class AclFileParserTest {

    private static final String HEAD = "rules:\n  - who: all\n";

    /** {@code rest}: the rest of rule 1 after {@code who: all}, one key per {@code ;}-separated item. */
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "topic: a/#; actions: [publish]; effect: maybe | 5 | rule 1: effect must be allow or deny, not 'maybe'",
        "topic: a/#; actions: [pub]; effect: allow | 4 | rule 1: unknown action 'pub' (expected subscribe, publish)",
        "topic: a/#/b; actions: [publish]; effect: allow | 3 | rule 1: 'a/#/b' is not a valid MQTT topic filter",
        "topic: a/{user}; actions: [publish]; effect: allow | 3 | rule 1: unknown placeholder {user}",
        "topic: #; actions: [publish]; effect: allow | 3 | rule 1: topic has no value (quote a filter that starts with #",
        "topic: a; actions: []; effect: allow | 4 | rule 1: actions is empty",
        "topic: a; effect: allow | 2 | rule 1: missing actions",
        "topic: a; actions: [publish]; effect: allow; efect: deny | 6 | rule 1: unknown key 'efect'",
        "topic: a; topic: b; actions: [publish]; effect: allow | 4 | rule 1: 'topic' is given twice",
        "topic: $share/g/a; actions: [publish]; effect: allow | 3 | rule 1: '$share/g/a' starts with $share/",
    })
    void badRule_reportsLineAndReason(String rest, int line, String reason) {
        String yaml = HEAD + Arrays.stream(rest.split(";")).map(l -> "    " + l.strip() + "\n").collect(joining());
        assertThatThrownBy(() -> AclFileParser.parse(Path.of("acl.yaml"), yaml))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.getMessage()).startsWith("acl.yaml:" + line + ": " + reason);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "'' | acl.yaml: the file is empty",
        "rules: [] \\ndefault: perhaps | acl.yaml:2: default must be allow or deny",
        "rule: [] | acl.yaml:1: unknown key 'rule' (expected rules, default)",
        "default: deny | acl.yaml: no 'rules:' list",
        "- who: all | acl.yaml:1: expected 'rules:'",
        "rules:\\n  - who: nobody\\n    topic: a\\n    actions: [publish]\\n    effect: allow | acl.yaml:2: rule 1: who must be anonymous, all, user:NAME or clientId:GLOB, not 'nobody'",
        "rules:\\n  - {who: all, topic: a, actions: [publish], effect: allow}\\n  - just a string | acl.yaml:3: rule 2: a rule is a mapping",
        "rules: [ | acl.yaml:1: not valid YAML",
    })
    void badFile_reportsLineAndReason(String yaml, String message) {
        assertThatThrownBy(() -> AclFileParser.parse(Path.of("acl.yaml"), yaml.replace("\\n", "\n")))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith(message);
    }
}
