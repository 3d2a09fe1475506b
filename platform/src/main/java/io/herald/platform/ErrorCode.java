package io.herald.platform;

/**
 * The stable error codes of the REST API ({@code errorCode} in application/problem+json), each with its
 * HTTP status. Names follow Kii's style ({@code USER_NOT_FOUND}); clients may switch on them.
 */
public enum ErrorCode {
    INVALID_JSON(400, "The body is not valid JSON"),
    INVALID_INPUT_DATA(400, "The request does not match the API document"),
    AUTHENTICATION_REQUIRED(401, "A bearer token is required"),
    INVALID_CREDENTIALS(401, "The credentials are not valid"),
    ACCESS_DENIED(403, "The caller may not do this"),
    TOPIC_NOT_ALLOWED(403, "The caller's ACL does not allow this topic"),
    NOT_FOUND(404, "No such resource"),
    USER_NOT_FOUND(404, "No such user"),
    THING_NOT_FOUND(404, "No such thing"),
    TOKEN_NOT_FOUND(404, "No such token"),
    SESSION_NOT_FOUND(404, "No such session"),
    RETAINED_NOT_FOUND(404, "No retained message on this topic"),
    COMMAND_NOT_FOUND(404, "No such command"),
    METHOD_NOT_ALLOWED(405, "The resource does not support this method"),
    USER_ALREADY_EXISTS(409, "The username is taken"),
    THING_ALREADY_EXISTS(409, "The thing id is taken"),
    FINGERPRINT_ALREADY_REGISTERED(409, "The certificate fingerprint belongs to another thing"),
    THING_OFFLINE(409, "The thing has no live connection that receives commands"),
    BODY_TOO_LARGE(413, "The body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "The body must be application/json"),
    INVALID_ACL(422, "The ACL is not valid"),
    INVALID_TOPIC(422, "The topic is not valid"),
    INVALID_PAYLOAD(422, "The payload is not valid"),
    INVALID_EXPIRY(422, "The lifetime is not valid"),
    INVALID_FIELD(422, "A field is not valid"),
    TOO_MANY_ATTEMPTS(429, "Too many failed attempts; try again later"),
    INTERNAL_ERROR(500, "Internal error"),
    SERVICE_UNAVAILABLE(503, "A part of the server is unavailable"),
    COMMAND_TIMEOUT(504, "The thing did not answer the command in time");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
