package io.herald.platform.http;

import io.herald.platform.catalog.Catalog;
import io.herald.platform.device.Devices;
import io.herald.platform.identity.BearerAuth;
import io.herald.platform.identity.ThingService;
import io.herald.platform.identity.TokenService;
import io.herald.platform.identity.UserService;
import io.herald.broker.Broker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The REST API: docs/openapi.yaml (packaged with this class) loaded as the contract that routes and
 * validates every request, and the web console's files beside it ({@link ConsoleRoutes}), served over
 * HTTP and HTTPS by Vert.x Web on its own small event-loop pool (never the broker's loops). Catalog work runs on Vert.x worker threads.
 *
 * <p>Lifecycle: {@link #start} blocks until the listeners are bound; {@link #close} stops them and Vert.x.
 * Thread-safe.
 */
public final class RestApi implements AutoCloseable {

    /** The services the routes call. */
    public record Services(Catalog catalog, UserService users, ThingService things, TokenService tokens,
            BearerAuth bearer, Broker broker, PrometheusMeterRegistry registry, Devices devices) {}

    private static final String CONTRACT = "io/herald/platform/http/openapi.yaml";
    private static final int WORKERS = 8;

    private final Vertx vertx;
    private final HttpServer http;
    private final HttpServer https;

    private RestApi(Vertx vertx, HttpServer http, HttpServer https) {
        this.vertx = vertx;
        this.http = http;
        this.https = https;
    }

    /**
     * Loads the contract, builds the routes and binds the listeners.
     *
     * @throws IllegalStateException when the contract does not load or a port cannot be bound
     */
    public static RestApi start(RestSettings settings, Services services) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(settings.eventLoops())
                .setWorkerPoolSize(WORKERS).setPreferNativeTransport(true));
        try {
            String text = contractText();
            OpenAPIContract contract = await(OpenAPIContract.from(vertx, ContractLoader.forValidation(text)),
                    "load " + CONTRACT);
            Handler<HttpServerRequest> router = ConsoleRoutes.inFrontOf(vertx,
                    router(vertx, contract, text, settings, services));
            HttpServer http = settings.httpPort() == RestSettings.DISABLED ? null
                    : await(vertx.createHttpServer(new HttpServerOptions().setHost(settings.bind())
                            .setPort(settings.httpPort())).requestHandler(router).listen(), "listen on HTTP");
            HttpServer https = settings.httpsPort() == RestSettings.DISABLED ? null
                    : await(vertx.createHttpServer(new HttpServerOptions().setHost(settings.bind())
                            .setPort(settings.httpsPort()).setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                                    .setCertPath(settings.certFile().toString()).setKeyPath(settings.keyFile().toString())))
                            .requestHandler(router).listen(), "listen on HTTPS");
            return new RestApi(vertx, http, https);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    private static Router router(Vertx vertx, OpenAPIContract contract, String contractText, RestSettings settings,
            Services s) {
        // the body is read by RequestGuard's body handler, so validation takes it from there
        RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
        RequestGuard guard = new RequestGuard(s.bearer(), settings.bodyLimit(), settings.publishBodyLimit());
        // Vert.x orders a route's handlers by kind: platform handlers, then the body reader, then the rest
        builder.rootHandler((PlatformHandler) new HttpMetrics(s.registry(), contract)::handle);
        builder.rootHandler((PlatformHandler) guard::authenticate);
        builder.rootHandler((PlatformHandler) guard::checkLength);
        builder.rootHandler(guard.bodyHandler());
        builder.rootHandler(guard::checkBody);
        for (OpenAPIRoute route : builder.getRoutes()) {
            route.setDoSecurity(false); // the bearer is checked by RequestGuard, before validation
        }
        new UserRoutes(s.users()).register(builder);
        new ThingRoutes(s.things(), s.devices()).register(builder);
        new DeviceRoutes(s.things(), s.devices()).register(builder);
        new TokenRoutes(s.tokens()).register(builder);
        new MessageRoutes(s.broker(), contract.getSchemaRepository().validator(contract.operation("publishMessages")
                .getRequestBody().getContent().get("application/json").getSchema())).register(builder);
        new MqttRoutes(s.broker()).register(builder);
        new OperationsRoutes(s.catalog(), s.broker(), s.registry(), contractText).register(builder);
        Router router = builder.createRouter();
        router.route().failureHandler(Problems::handle);
        for (int status : new int[] {400, 401, 403, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, Problems::handle);
        }
        return router;
    }

    private static String contractText() {
        try (InputStream in = RestApi.class.getClassLoader().getResourceAsStream(CONTRACT)) {
            if (in == null) {
                throw new IllegalStateException(CONTRACT + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(what + ": " + cause.getMessage(), cause);
        }
    }

    /** The bound HTTP port, if HTTP is enabled. */
    public Optional<Integer> httpPort() {
        return Optional.ofNullable(http).map(HttpServer::actualPort);
    }

    /** The bound HTTPS port, if HTTPS is enabled. */
    public Optional<Integer> httpsPort() {
        return Optional.ofNullable(https).map(HttpServer::actualPort);
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway: nothing left to do with a Vert.x that does not stop in time
        }
    }
}
