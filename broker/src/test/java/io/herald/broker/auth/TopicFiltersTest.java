package io.herald.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFiltersTest {

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
        "users/bob/#, users/bob/+, true",
        "users/bob/#, users/bob, true", // '#' also matches its parent level
        "users/bob/#, users/bob/#, true",
        "users/bob/#, users/#, false",
        "users/bob/#, users/+/x, false",
        "users/+/inbox, users/bob/inbox, true",
        "users/+/inbox, users/+/inbox, true",
        "users/+/inbox, users/#, false",
        "a/+, a/#, false", // a/# matches a and a/b/c too
        "a/+, a/b, true",
        "a/b, a/+, false",
        "a/b, a/b, true",
        "a/b, a/b/c, false",
        "a/b/c, a/b, false",
        "a/+/#, a, false",
        "#, a/b, true",
        "#, #, true",
        "#, $SYS/x, false", // [MQTT-4.7.2-1] wildcards do not reach $ topics
        "+/x, $SYS/x, false",
        "$SYS/#, $SYS/broker/+, true",
        "a//b, a//b, true",
        "a/+/b, a//b, true"
    })
    void covers(String outer, String inner, boolean expected) {
        assertThat(TopicFilters.covers(outer, inner)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource({
        "test/nosubscribe, test/nosubscribe, true",
        "test/nosubscribe, test/#, true",
        "test/nosubscribe, #, true",
        "test/nosubscribe, +/nosubscribe, true",
        "test/nosubscribe, test/other, false",
        "test/nosubscribe, test/nosubscribe/more, false",
        "test/nosubscribe, test/nosubscribe/#, true", // '#' matches the parent level too
        "a/+/c, a/b/+, true",
        "a/+, a/b/c, false",
        "a/#, a, true",
        "a/b, a, false",
        "#, $SYS/#, false",
        "+/x, $SYS/x, false",
        "$SYS/#, $SYS/x, true",
        "+, #, true"
    })
    void overlaps_isSymmetric(String a, String b, boolean expected) {
        assertThat(TopicFilters.overlaps(a, b)).isEqualTo(expected);
        assertThat(TopicFilters.overlaps(b, a)).isEqualTo(expected);
    }
}
