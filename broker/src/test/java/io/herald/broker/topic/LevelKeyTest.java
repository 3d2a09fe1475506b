package io.herald.broker.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class LevelKeyTest {

    @Test
    void at_hashesAndEqualsAsTheSubstring() {
        String topic = "a//bc/$SYS/é";
        LevelKey key = new LevelKey(topic);
        int[][] levels = {{0, 1}, {2, 2}, {3, 5}, {6, 10}, {11, 12}};
        for (int[] l : levels) {
            String level = topic.substring(l[0], l[1]);
            key.at(l[0], l[1]);
            assertThat(key.hashCode()).as(level).isEqualTo(level.hashCode());
            assertThat(key.equals(level)).as(level).isTrue();
            assertThat(key.toString()).isEqualTo(level);
        }
    }

    @Test
    void equals_otherLengthOrCharacters_false() {
        LevelKey key = new LevelKey("ab/c").at(0, 2);

        assertThat(key.equals("a")).isFalse();
        assertThat(key.equals("abc")).isFalse();
        assertThat(key.equals("aB")).isFalse();
        assertThat(key.equals(new LevelKey("ab").at(0, 2))).isFalse();
    }

    @Test
    void mapGet_findsTheStringKeyOfTheRegion() {
        Map<String, Integer> map = new ConcurrentHashMap<>(Map.of("device", 1, "", 2, "telemetry", 3));
        LevelKey key = new LevelKey("device//telemetry");

        assertThat(map.get(key.at(0, 6))).isEqualTo(1);
        assertThat(map.get(key.at(7, 7))).isEqualTo(2);
        assertThat(map.get(key.at(8, 17))).isEqualTo(3);
        assertThat(map.get(key.at(0, 3))).isNull();
    }
}
