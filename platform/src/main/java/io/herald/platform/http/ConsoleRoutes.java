package io.herald.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console (module {@code web}): its files, classpath resources under {@value #ROOT}, served at
 * {@code /} beside the REST API. GET and HEAD requests outside {@code /api}, {@code /health} and
 * {@code /metrics} go to the console's own router, everything else to the API's, so the API's bearer
 * checks, validation and metrics never see a console file. Without the web jar on the classpath only the
 * API is served. Runs on the REST event loops.
 */
final class ConsoleRoutes {

    static final String ROOT = "META-INF/resources/herald-console";

    /**
     * The console may load only its own files, and open WebSockets to the broker's WS and WSS listeners
     * on any port of any host the MQTT endpoint names.
     */
    private static final String CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
            + "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private ConsoleRoutes() {}

    /** {@code api} alone when the console's files are not on the classpath, else both behind one handler. */
    static Handler<HttpServerRequest> inFrontOf(Vertx vertx, Router api) {
        if (ConsoleRoutes.class.getClassLoader().getResource(ROOT + "/index.html") == null) {
            return api;
        }
        Router console = Router.router(vertx);
        console.route().handler(ConsoleRoutes::headers);
        console.route().handler(StaticHandler.create(ROOT).setIndexPage("index.html")
                // the files change with the jar: browsers revalidate (Last-Modified) instead of guessing an age
                .setCachingEnabled(false).setDirectoryListing(false).setIncludeHidden(false));
        return request -> (isConsole(request) ? console : api).handle(request);
    }

    static boolean isConsole(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            return false;
        }
        String path = request.path();
        return !(path.equals("/api") || path.startsWith("/api/") || path.equals("/health") || path.equals("/metrics"));
    }

    private static void headers(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache");
        rc.next();
    }
}
