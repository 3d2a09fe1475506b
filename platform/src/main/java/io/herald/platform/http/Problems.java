package io.herald.platform.http;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.identity.LoginLimiter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error as application/problem+json (RFC 9457) with the stable {@code errorCode}; the
 * router's single failure handler. Runs on the REST event loop.
 */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {}

    /** The failure handler: maps what failed the request to a problem. */
    static void handle(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure instanceof PlatformException e) {
            if (e instanceof LoginLimiter.RateLimitedException r) {
                rc.response().putHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
            }
            send(rc, e.code(), e.getMessage());
        } else if (failure instanceof ValidatorException e) {
            send(rc, ErrorCode.INVALID_INPUT_DATA, e.getMessage());
        } else if (failure == null || rc.statusCode() != -1 && rc.statusCode() != 500) {
            send(rc, forStatus(rc.statusCode()), null);
        } else {
            LOG.warn("{} {} failed", rc.request().method(), rc.request().path(), failure);
            send(rc, ErrorCode.INTERNAL_ERROR, null);
        }
    }

    static void send(RoutingContext rc, ErrorCode code, String detail) {
        if (rc.response().ended()) {
            return;
        }
        if (rc.response().headWritten()) {
            rc.response().reset();
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", "https://herald.invalid/errors/" + code.name())
                .put("title", code.title())
                .put("status", code.status())
                .put("errorCode", code.name());
        if (detail != null) {
            body.put("detail", detail);
        }
        rc.response().setStatusCode(code.status()).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
    }

    private static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_INPUT_DATA;
            case 401 -> ErrorCode.AUTHENTICATION_REQUIRED;
            case 403 -> ErrorCode.ACCESS_DENIED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.BODY_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> ErrorCode.INTERNAL_ERROR;
        };
    }
}
