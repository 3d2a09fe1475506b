package io.herald.bench.devices;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Huawei IoTDA's MQTT login, as its device SDKs compute it: client id {@code {thingID}_0_0_{YYYYMMDDHH}}
 * (signature type 0: the platform does not check the hour) and password
 * HMAC-SHA256 of the secret keyed with that hour, in hex. Stateless.
 */
final class HuaweiSignature {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuuMMddHH").withZone(ZoneOffset.UTC);

    private HuaweiSignature() {}

    /** The hour {@code at} falls in (UTC), as the device sends it. */
    static String hourOf(Instant at) {
        return HOUR.format(at);
    }

    static String clientId(String thingId, String hour) {
        return thingId + "_0_0_" + hour;
    }

    static String password(String secret, String hour) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hour.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
