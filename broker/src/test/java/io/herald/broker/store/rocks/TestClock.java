package io.herald.broker.store.rocks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand. Threads: the test thread sets it, the store reads it. */
final class TestClock extends Clock {

    private volatile long millis;

    TestClock(long millis) {
        this.millis = millis;
    }

    void advanceSeconds(long seconds) {
        millis += seconds * 1_000;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
