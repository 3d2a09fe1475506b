package io.herald.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Huawei IoTDA's device login: client id {@code {thingID}_0_{signatureType}_{YYYYMMDDHH}} (UTC hour),
 * user name = thing id, password = lowercase hex HMAC-SHA256 with the timestamp string as key and the
 * thing's secret as message. Signature type 0 does not check the timestamp; type 1 requires it within
 * a window of now. Immutable.
 *
 * @param thingId the device id from the client id
 * @param signatureType 0 or 1
 * @param timestamp the {@code YYYYMMDDHH} string as sent
 */
public record HuaweiLogin(String thingId, int signatureType, String timestamp) {

    // {thingID} may itself contain underscores: the fixed suffix is matched from the right
    private static final Pattern CLIENT_ID = Pattern.compile("^(.+)_0_([01])_(\\d{10})$");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuuMMddHH");

    /** The login the client id describes, or null when it does not have the Huawei form. */
    public static HuaweiLogin parse(String clientId) {
        if (clientId == null) {
            return null;
        }
        Matcher m = CLIENT_ID.matcher(clientId);
        return m.matches() ? new HuaweiLogin(m.group(1), Integer.parseInt(m.group(2)), m.group(3)) : null;
    }

    /** The password a device with {@code secret} sends for {@code timestamp}. */
    public static String signature(String secret, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(timestamp.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** The timestamp string of the hour {@code at} falls in (UTC), as a device sends it. */
    public static String timestampOf(Instant at) {
        return HOUR.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    /** Whether {@code password} is this login's signature of {@code secret}, compared in constant time. */
    public boolean signatureMatches(String secret, byte[] password) {
        byte[] expected = signature(secret, timestamp).getBytes(StandardCharsets.UTF_8);
        return password != null && MessageDigest.isEqual(expected, password);
    }

    /**
     * Whether the timestamp is acceptable at {@code now}: always for type 0; for type 1, when the hour it
     * names starts no more than {@code window} before now and no more than {@code window} after.
     */
    public boolean fresh(Instant now, Duration window) {
        if (signatureType == 0) {
            return true;
        }
        Instant hour;
        try {
            hour = LocalDateTime.parse(timestamp, HOUR).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return false;
        }
        // the device names the hour it is in: it is fresh from that hour's start until an hour plus the window later
        return !now.isBefore(hour.minus(window)) && !now.isAfter(hour.plus(Duration.ofHours(1)).plus(window));
    }
}
