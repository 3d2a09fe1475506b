package io.herald.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic name and filter validation, and matching with + # $share and $ topics. */
class TopicNamesTest {

    @ParameterizedTest
    @CsvSource({
        "a/b, a/b, true", "a/+, a/b, true", "a/+, a/b/c, false", "a/#, a, true", "a/#, a/b/c, true",
        "#, a/b, true", "+/+, a/b, true", "+, /a, false", "/+, /a, true", "#, $SYS/x, false", "+/x, $SYS/x, false",
        "$SYS/#, $SYS/x, true", "$share/g/a/+, a/b, true", "a/b, a/c, false", "a//b, a//b, true", "a/+/c, a//c, true"
    })
    void matches(String filter, String topic, boolean expected) {
        assertThat(TopicNames.matches(filter, topic)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/+", "a/#", "", "a\u0000b"})
    void invalidTopicNames_areRefused(String topic) {
        assertThatThrownBy(() -> TopicNames.checkTopicName(topic)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/#/b", "a#", "a/b+", "+a", ""})
    void invalidTopicFilters_areRefused(String filter) {
        assertThatThrownBy(() -> TopicNames.checkTopicFilter(filter)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a/+/b/#", "/", "$share/g/a", "a very long topic with spaces"})
    void validTopicFilters_areAccepted(String filter) {
        TopicNames.checkTopicFilter(filter);
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 1000, 65_535})
    void longTopics_areNotLimitedToTheSeedDevices127Bytes(int length) {
        TopicNames.checkTopicName("t".repeat(length));
        assertThatThrownBy(() -> TopicNames.checkTopicName("t".repeat(65_536)))
                .hasMessageContaining("longer than 65535 bytes");
    }
}
