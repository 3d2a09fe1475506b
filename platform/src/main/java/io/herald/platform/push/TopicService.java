package io.herald.platform.push;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import io.herald.platform.catalog.Catalog;
import io.herald.platform.identity.ApiCaller;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;

/**
 * Push to users (Kii's app-scope topics): the admin creates and deletes topics and sends to them; a user
 * subscribes itself (the admin subscribes anyone, things included); every installation of every
 * subscriber receives what is sent, in the environments the push selects. Direct push to one user or
 * thing lives here too (admin only, no subscription needed). Blocks on the catalog: call from REST
 * workers. Thread-safe.
 */
public final class TopicService {

    private final Catalog catalog;
    private final PushTopics topics;
    private final PushService push;
    private final Clock clock;

    public TopicService(Catalog catalog, PushService push, Clock clock) {
        this.catalog = catalog;
        this.topics = new PushTopics(catalog.jdbi());
        this.push = push;
        this.clock = clock;
    }

    /** @throws PlatformException TOPIC_ALREADY_EXISTS */
    public void create(String topicId) {
        if (!topics.create(topicId, clock.instant())) {
            throw new PlatformException(ErrorCode.TOPIC_ALREADY_EXISTS, "push topic '" + topicId + "' exists");
        }
    }

    /** @throws PlatformException TOPIC_NOT_FOUND */
    public void delete(String topicId) {
        if (!topics.delete(topicId)) {
            throw notFound(topicId);
        }
    }

    public List<String> list(int offset, int limit) {
        return topics.list(offset, limit);
    }

    /** @throws PlatformException TOPIC_NOT_FOUND, USER_NOT_FOUND, THING_NOT_FOUND, ACCESS_DENIED, PUSH_SUBSCRIPTION_ALREADY_EXISTS */
    public void subscribe(ApiCaller caller, String topicId, Owner owner) {
        checkSubscriber(caller, owner);
        if (!topics.exists(topicId)) {
            throw notFound(topicId);
        }
        if (!topics.subscribe(topicId, owner, clock.instant())) {
            throw new PlatformException(ErrorCode.PUSH_SUBSCRIPTION_ALREADY_EXISTS, owner + " already subscribes to '"
                    + topicId + "'");
        }
    }

    /** @throws PlatformException TOPIC_NOT_FOUND, ACCESS_DENIED, PUSH_SUBSCRIPTION_NOT_FOUND */
    public void unsubscribe(ApiCaller caller, String topicId, Owner owner) {
        checkSubscriber(caller, owner);
        if (!topics.exists(topicId)) {
            throw notFound(topicId);
        }
        if (!topics.unsubscribe(topicId, owner)) {
            throw new PlatformException(ErrorCode.PUSH_SUBSCRIPTION_NOT_FOUND, owner + " does not subscribe to '"
                    + topicId + "'");
        }
    }

    /** Sends to every installation of the topic's subscribers (admin). */
    public PushService.Sent send(ApiCaller caller, String topicId, PushMessage message) {
        if (!topics.exists(topicId)) {
            throw notFound(topicId);
        }
        return push.send(topics.subscribers(topicId), message, new JsonObject().put("sender", caller.id())
                .put("origin", "EXPLICIT").put("topic", topicId));
    }

    /** Direct push to the installation of one user or thing (admin). */
    public PushService.Sent sendDirect(ApiCaller caller, Owner owner, PushMessage message) {
        checkExists(owner);
        return push.send(List.of(owner), message, new JsonObject().put("sender", caller.id()).put("origin", "EXPLICIT"));
    }

    private void checkSubscriber(ApiCaller caller, Owner owner) {
        if (!caller.admin() && !(caller.kind() == ApiCaller.Kind.USER && owner.equals(Owner.user(caller.id())))) {
            throw new PlatformException(ErrorCode.ACCESS_DENIED, "a user subscribes only itself; the admin anyone");
        }
        checkExists(owner);
    }

    void checkExists(Owner owner) {
        if (owner.kind().equals(Owner.USER) && catalog.users().find(owner.id()).isEmpty()) {
            throw new PlatformException(ErrorCode.USER_NOT_FOUND, "no user '" + owner.id() + "'");
        }
        if (owner.kind().equals(Owner.THING) && catalog.things().find(owner.id()).isEmpty()) {
            throw new PlatformException(ErrorCode.THING_NOT_FOUND, "no thing '" + owner.id() + "'");
        }
    }

    private static PlatformException notFound(String topicId) {
        return new PlatformException(ErrorCode.TOPIC_NOT_FOUND, "no push topic '" + topicId + "'");
    }
}
