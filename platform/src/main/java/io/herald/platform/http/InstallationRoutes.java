package io.herald.platform.http;

import static io.herald.platform.http.Exchange.blocking;
import static io.herald.platform.http.Exchange.body;
import static io.herald.platform.http.Exchange.caller;
import static io.herald.platform.http.Exchange.json;
import static io.herald.platform.http.Exchange.noContent;
import static io.herald.platform.http.Exchange.path;

import io.herald.platform.identity.ApiCaller;
import io.herald.platform.push.InstallationRecord;
import io.herald.platform.push.InstallationService;
import io.herald.platform.push.Owner;
import io.herald.platform.push.Push;
import io.herald.platform.push.PushSettings;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * {@code /api/installations…}: MQTT push installations and their endpoints (seed 000, Kii's API).
 * Handlers run on the REST event loop; the work on workers.
 */
final class InstallationRoutes {

    /** Seconds a client waits before asking for an endpoint that is being provisioned again. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final Push push;

    InstallationRoutes(Push push) {
        this.push = push;
    }

    void register(RouterBuilder builder) {
        builder.getRoute("installMqtt").addHandler(this::install);
        builder.getRoute("getInstallation").addHandler(this::get);
        builder.getRoute("deleteInstallation").addHandler(this::delete);
        builder.getRoute("getMqttEndpoint").addHandler(this::endpoint);
    }

    private void install(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        JsonObject b = body(rc);
        blocking(rc, () -> push.installations().install(caller, b.getString("userID"), b.getString("thingID"),
                b.getBoolean("development", false)), done -> {
                    InstallationRecord i = done.installation();
                    if (done.created()) {
                        rc.response().putHeader("Location", "/api/installations/" + i.installationId());
                    }
                    json(rc, done.created() ? 201 : 200, new JsonObject().put("installationID", i.installationId())
                            .put("installationRegistrationID", i.registrationId()));
                });
    }

    private void get(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        String ref = path(rc, "installationRef");
        blocking(rc, () -> push.installations().get(caller, ref), i -> {
            JsonObject view = new JsonObject().put("installationID", i.installationId())
                    .put("installationRegistrationID", i.registrationId()).put("deviceType", i.deviceType())
                    .put("development", i.development());
            view.put(Owner.USER.equals(i.owner().kind()) ? "userID" : "thingID", i.owner().id());
            json(rc, 200, view);
        });
    }

    private void delete(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        String ref = path(rc, "installationRef");
        blocking(rc, () -> {
            push.installations().uninstall(caller, ref);
            return ref;
        }, x -> noContent(rc));
    }

    private void endpoint(RoutingContext rc) {
        ApiCaller caller = caller(rc);
        String id = path(rc, "installationID");
        rc.vertx().executeBlocking(() -> push.installations().endpoint(caller, id), false).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof InstallationService.NotReady) {
                    rc.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
                }
                rc.fail(ar.cause());
                return;
            }
            InstallationService.Endpoint e = ar.result();
            PushSettings s = e.settings();
            rc.response().putHeader("X-MQTT-TTL", Long.toString(e.ttlSeconds()));
            json(rc, 200, new JsonObject().put("installationID", e.installation().installationId())
                    .put("username", e.installation().username()).put("password", e.password())
                    .put("mqttTopic", e.installation().mqttTopic()).put("host", s.host()).put("portTCP", s.portTCP())
                    .put("portSSL", s.portSSL()).put("portWS", s.portWS()).put("portWSS", s.portWSS())
                    .put("ttl", e.ttlSeconds()));
        });
    }
}
