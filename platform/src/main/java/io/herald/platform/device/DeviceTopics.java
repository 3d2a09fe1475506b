package io.herald.platform.device;

import java.util.List;

/**
 * Huawei IoTDA's device topics ({@code $oc/devices/{thingID}/sys/...}), which Herald's things use
 * unchanged so that a device written for IoTDA needs only another host and credentials. Stateless.
 */
public final class DeviceTopics {

    /** What a topic under {@code $oc/devices/{thingID}/sys/} is for, as far as the platform consumes it. */
    public enum Kind { PROPERTIES_REPORT, COMMAND_RESPONSE, MESSAGE_UP }

    /**
     * A device topic taken apart. Immutable.
     *
     * @param requestId the {@code request_id=} of a command response topic; null when the topic has none
     *     (an MQTT 5 answer to the request's Response Topic, identified by its Correlation Data)
     */
    public record Parsed(Kind kind, String thingId, String requestId) {}

    private static final String PREFIX = "$oc/devices/";
    private static final String REPORT = "/sys/properties/report";
    private static final String RESPONSE = "/sys/commands/response";
    private static final String REQUEST_ID = "/request_id=";
    private static final String UP = "/sys/messages/up";

    /** The filters whose PUBLISH packets the platform inspects before the broker acknowledges them. */
    public static final List<String> INBOUND_FILTERS = List.of("$oc/devices/+" + REPORT, "$oc/devices/+" + RESPONSE
            + "/#", "$oc/devices/+" + UP);

    private DeviceTopics() {}

    /** Takes a topic apart; null when it is none of the {@link Kind}s. */
    public static Parsed parse(String topic) {
        if (!topic.startsWith(PREFIX)) {
            return null;
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash <= PREFIX.length()) {
            return null;
        }
        String thing = topic.substring(PREFIX.length(), slash);
        String rest = topic.substring(slash);
        if (rest.equals(REPORT)) {
            return new Parsed(Kind.PROPERTIES_REPORT, thing, null);
        }
        if (rest.equals(UP)) {
            return new Parsed(Kind.MESSAGE_UP, thing, null);
        }
        if (rest.equals(RESPONSE)) {
            return new Parsed(Kind.COMMAND_RESPONSE, thing, null);
        }
        if (rest.startsWith(RESPONSE + REQUEST_ID)) {
            String id = rest.substring(RESPONSE.length() + REQUEST_ID.length());
            return id.isEmpty() || id.indexOf('/') >= 0 ? null : new Parsed(Kind.COMMAND_RESPONSE, thing, id);
        }
        return null;
    }

    /** Where a command goes: {@code $oc/devices/{thingID}/sys/commands/request_id={requestID}}. */
    public static String commandRequest(String thingId, String requestId) {
        return PREFIX + thingId + "/sys/commands/request_id=" + requestId;
    }

    /** The MQTT 5 Response Topic a command carries: the answer's topic without a request id. */
    public static String commandResponse(String thingId) {
        return PREFIX + thingId + RESPONSE;
    }

    /** Where the thing answers a command in Huawei's scheme. */
    public static String commandResponse(String thingId, String requestId) {
        return PREFIX + thingId + RESPONSE + REQUEST_ID + requestId;
    }

    /** Where device messages down go: {@code $oc/devices/{thingID}/sys/messages/down}. */
    public static String messagesDown(String thingId) {
        return PREFIX + thingId + "/sys/messages/down";
    }

    /** Where the thing reports its properties. */
    public static String propertiesReport(String thingId) {
        return PREFIX + thingId + REPORT;
    }
}
