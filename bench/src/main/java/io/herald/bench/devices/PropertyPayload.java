package io.herald.bench.devices;

import java.nio.charset.StandardCharsets;

/**
 * The property report of seed 004's smoke detector demo ({@code smokeDetector}: alarm, temperature,
 * humidity, smokeConcentration; no event_time, so the platform stamps it), with the report's number as
 * its temperature. Stateless.
 */
final class PropertyPayload {

    /** Property values one report carries: history rows it adds. */
    static final int VALUES = 4;

    private PropertyPayload() {}

    static byte[] smokeDetector(long n) {
        return ("{\"services\":[{\"service_id\":\"smokeDetector\",\"properties\":{\"alarm\":1,\"temperature\":" + n
                + ",\"humidity\":18.37673,\"smokeConcentration\":19.97906}}]}").getBytes(StandardCharsets.UTF_8);
    }
}
