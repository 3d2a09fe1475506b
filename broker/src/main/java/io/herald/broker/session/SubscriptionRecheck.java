package io.herald.broker.session;

import io.herald.broker.BrokerMetrics;
import io.herald.broker.auth.SubscribeDecision;
import io.herald.broker.topic.Subscription;
import io.herald.broker.topic.TopicIndex;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a session's subscriptions again against its client's rights, after the rights changed
 * ({@code Broker.updatePermissions}, an ACL reload) or when a client resumes a session (restored from
 * the store, or left by a connection with other rights). A subscription no longer allowed is removed: it
 * simply stops matching; MQTT has no way for a server to withdraw one subscription, and the client
 * learns it from SUBACK 0x87/0x80 when it subscribes again. One that became, or stopped being, filtered
 * per topic is updated in place.
 *
 * <p>Threads: runs on the session's loop. Stateless.
 */
public final class SubscriptionRecheck {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionRecheck.class);

    private final TopicIndex<Session> index;
    private final SessionRegistry registry;
    private final BrokerMetrics metrics;

    public SubscriptionRecheck(TopicIndex<Session> index, SessionRegistry registry, BrokerMetrics metrics) {
        this.index = index;
        this.registry = registry;
        this.metrics = metrics;
    }

    /**
     * Applies {@code rights} to every subscription of {@code session}. Session loop.
     *
     * @return how many subscriptions were removed
     */
    public int recheck(Session session, Rights rights) {
        if (session.discarded() || session.subscriptionList().isEmpty()) {
            return 0;
        }
        List<Subscription> removed = new ArrayList<>();
        List<Subscription> changed = new ArrayList<>();
        for (Subscription sub : session.subscriptionList()) {
            SubscribeDecision decision = rights.subscribe(sub.topicFilter());
            if (decision == SubscribeDecision.DENIED) {
                removed.add(sub);
            } else if (sub.filtered() != (decision == SubscribeDecision.GRANTED_FILTERED)) {
                changed.add(sub.withFiltered(!sub.filtered()));
            }
        }
        for (Subscription sub : removed) {
            session.subscriptions().remove(sub.filter());
            index.unsubscribe(sub.filter(), session.clientId());
            metrics.subscriptionRevoked();
            log.info("subscription of {} to {} removed: no longer allowed", session.clientId(), sub.filter());
        }
        for (Subscription sub : changed) {
            session.subscriptions().put(sub.filter(), sub);
            index.subscribe(session, sub);
        }
        if (!removed.isEmpty() || !changed.isEmpty()) {
            registry.persist(session);
        }
        return removed.size();
    }
}
