package io.herald.platform.device;

import java.time.Duration;

/**
 * How the device side behaves. Immutable.
 *
 * @param historyCount values kept per thing in the property history (newest first)
 * @param historyAge values older than this leave the history (swept hourly)
 * @param writerBacklog reports waiting for the catalog before new ones are refused (MQTT 5 0x97)
 * @param batchReports reports written to the catalog in one transaction at most
 * @param commandTimeout a synchronous command's wait when the request names none (IoTDA: 20 s)
 * @param maxCommandTimeout the longest wait a request may ask for
 * @param queuedTtl a queued command's time to live when the request names none
 * @param maxQueuedTtl the longest time to live a request may ask for
 */
public record DeviceSettings(int historyCount, Duration historyAge, int writerBacklog, int batchReports,
        Duration commandTimeout, Duration maxCommandTimeout, Duration queuedTtl, Duration maxQueuedTtl) {

    public DeviceSettings {
        if (historyCount < 1 || writerBacklog < 1 || batchReports < 1) {
            throw new IllegalArgumentException("history count, backlog and batch size must be positive");
        }
        if (historyAge.isNegative() || historyAge.isZero() || commandTimeout.compareTo(maxCommandTimeout) > 0
                || queuedTtl.compareTo(maxQueuedTtl) > 0) {
            throw new IllegalArgumentException("history age must be positive, defaults within their maxima");
        }
    }

    /** 1,000 values and 7 days of history per thing; commands wait 20 s (at most 60 s); queued ones live a day (at most 30). */
    public static DeviceSettings defaults() {
        return new DeviceSettings(1_000, Duration.ofDays(7), 100_000, 2_000, Duration.ofSeconds(20),
                Duration.ofSeconds(60), Duration.ofDays(1), Duration.ofDays(30));
    }

    public DeviceSettings withHistory(int count, Duration age) {
        return new DeviceSettings(count, age, writerBacklog, batchReports, commandTimeout, maxCommandTimeout, queuedTtl,
                maxQueuedTtl);
    }
}
