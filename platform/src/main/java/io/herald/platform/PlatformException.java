package io.herald.platform;

/** A request the platform refuses, with the error code the REST API answers and a detail for humans. */
public class PlatformException extends RuntimeException {

    private final ErrorCode code;

    public PlatformException(ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
