package io.herald.broker.sys;

/**
 * An exponentially decaying average of events per minute over a window (1, 5 or 15 minutes), the way
 * Mosquitto computes its {@code $SYS/broker/load/...} figures: each update takes the rate of the last
 * interval and moves the average towards it by {@code 1 - e^(-interval/window)}.
 *
 * <p>Threads: owned by the {@code herald-sys} thread.
 */
final class LoadAverage {

    private final double windowSeconds;
    private double perMinute;

    LoadAverage(int windowMinutes) {
        this.windowSeconds = windowMinutes * 60.0;
    }

    /**
     * Accounts for {@code events} that happened in the last {@code seconds}.
     *
     * @return the average, events per minute
     */
    double update(long events, double seconds) {
        if (seconds > 0) {
            double rate = events * 60.0 / seconds;
            perMinute = rate + Math.exp(-seconds / windowSeconds) * (perMinute - rate);
        }
        return perMinute;
    }
}
