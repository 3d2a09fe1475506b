package io.herald.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @ParameterizedTest
    @CsvSource({
        "sport/tennis/player1/#, sport/tennis/player1, true", // [MQTT-4.7.1-2] parent level
        "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
        "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
        "sport/#, sport, true",
        "#, sport/tennis, true",
        "sport/tennis/+, sport/tennis/player1, true",
        "sport/tennis/+, sport/tennis/player1/ranking, false",
        "sport/+, sport, false",
        "sport/+, sport/, true", // [MQTT-4.7.1-3] '+' matches an empty level
        "+/+, /finance, true",
        "/+, /finance, true",
        "+, /finance, false",
        "a/+/c, a//c, true",
        "a/b, a/b, true",
        "a/b, a/bc, false",
        "a/bc, a/b, false",
        "a/+/#, a/b, true",
        "a/b/#, a/bb, false",
        "#, $SYS/uptime, false", // [MQTT-4.7.2-1]
        "+/uptime, $SYS/uptime, false",
        "$SYS/#, $SYS/uptime, true",
        "$SYS/+, $SYS/uptime, true",
    })
    void matches_followsTheSpecExamples(String filter, String name, boolean expected) {
        assertThat(Topics.matches(filter, name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "+", "a/#", "a/+/b", "+/+", "/", "a//b", "$SYS/#", "+/#"})
    void isValidFilter_acceptsWellFormedFilters(String filter) {
        assertThat(Topics.isValidFilter(filter)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a#", "a/#/b", "#/a", "a+", "a/b+/c", "+a", "a/\0"})
    void isValidFilter_rejectsMisplacedWildcardsAndEmpty(String filter) {
        assertThat(Topics.isValidFilter(filter)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/+", "a/#", "#", "a\0b"})
    void isValidName_rejectsWildcardsEmptyAndNul(String name) {
        assertThat(Topics.isValidName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "/", "a/b/c", "$SYS/x", " "})
    void isValidName_acceptsPlainNames(String name) {
        assertThat(Topics.isValidName(name)).isTrue();
    }
}
