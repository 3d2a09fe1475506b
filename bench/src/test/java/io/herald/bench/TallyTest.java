package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TallyTest {

    @Test
    void repeatedSequence_countsOnceAsUnique_andAgainAsReceived() {
        Tally t = new Tally();
        t.record(0, 0);
        t.record(0, 1);
        t.record(0, 1);
        t.record(1, 0);
        assertThat(t.received()).isEqualTo(4);
        assertThat(t.unique()).isEqualTo(3);
        assertThat(t.unique(0)).isEqualTo(2);
        assertThat(t.unique(7)).isZero();
    }

    @Test
    void shareGroupMembers_merged_countAMessageBothGotOnce() {
        Tally a = new Tally();
        Tally b = new Tally();
        a.record(0, 0);
        a.record(0, 1);
        b.record(0, 1);
        b.record(0, 2);
        Tally group = new Tally();
        group.merge(a);
        group.merge(b);
        assertThat(group.received()).isEqualTo(4);
        assertThat(group.unique()).isEqualTo(3); // message 1 came twice: one duplicate
    }
}
