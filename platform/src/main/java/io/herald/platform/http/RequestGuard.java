package io.herald.platform.http;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.identity.BearerAuth;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every request passes before the OpenAPI validation, in order: the bearer token (except
 * {@code /health} and the login), the body size (a small limit, a larger one for publishing), the
 * content type of a body (415), and that a JSON body parses (400 INVALID_JSON). Runs on the REST event loop.
 */
final class RequestGuard {

    private static final Set<String> OPEN_PATHS = Set.of("/health", "/api/oauth2/token");
    private static final String PUBLISH_PATH = "/api/mqtt/messages";

    private final BearerAuth bearer;
    private final long bodyLimit;
    private final BodyHandler bodyHandler;

    /**
     * @param bodyLimit bytes, every body but publishing's
     * @param publishBodyLimit bytes, {@code POST /api/mqtt/messages}
     */
    RequestGuard(BearerAuth bearer, long bodyLimit, long publishBodyLimit) {
        this.bearer = bearer;
        this.bodyLimit = bodyLimit;
        this.bodyHandler = BodyHandler.create(false).setBodyLimit(Math.max(bodyLimit, publishBodyLimit));
    }

    /**
     * The body reader (root handler 3), at the larger limit; {@link #checkLength} applies the smaller one.
     * Vert.x's OpenAPI router adds a reader of its own ahead of everything unless it finds this one.
     */
    BodyHandler bodyHandler() {
        return bodyHandler;
    }

    /** Authenticates the caller (root handler 1). */
    void authenticate(RoutingContext rc) {
        if (!OPEN_PATHS.contains(rc.normalizedPath())) {
            rc.put(Exchange.CALLER, bearer.resolve(rc.request().getHeader(HttpHeaders.AUTHORIZATION)));
        }
        rc.next();
    }

    /**
     * Refuses (413) a body announced larger than the small limit, except publishing's (root handler 2);
     * the body reader refuses any body past the larger limit as it arrives.
     */
    void checkLength(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !PUBLISH_PATH.equals(rc.normalizedPath())) {
            long announced;
            try {
                announced = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new PlatformException(ErrorCode.INVALID_INPUT_DATA, "Content-Length is not a number");
            }
            if (announced > bodyLimit) {
                throw new PlatformException(ErrorCode.BODY_TOO_LARGE, "bodies are limited to " + bodyLimit + " bytes");
            }
        }
        rc.next();
    }

    /** Refuses bodies that are not JSON (root handler 4). */
    void checkBody(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        boolean hasBody = rc.body() != null && rc.body().length() > 0;
        if (hasBody || method == HttpMethod.POST && rc.request().getHeader(HttpHeaders.CONTENT_TYPE) != null) {
            String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
            String base = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!base.equals("application/json")) {
                throw new PlatformException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json, not '"
                        + (type == null ? "nothing" : type) + "'");
            }
        }
        if (hasBody) {
            try {
                rc.put(Exchange.JSON_BODY, Json.decodeValue(rc.body().buffer()));
            } catch (DecodeException e) {
                throw new PlatformException(ErrorCode.INVALID_JSON, "the body is not valid JSON: " + e.getMessage());
            }
        }
        rc.next();
    }
}
