package io.herald.broker;

import io.herald.broker.auth.Authenticator;
import io.herald.broker.auth.Authorizer;
import io.herald.broker.auth.EnhancedAuthenticator;
import io.herald.broker.route.Ingress;
import io.herald.broker.route.Interceptors;
import io.herald.broker.route.Router;
import io.herald.broker.session.Delivery;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionEvents;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.session.SubscriptionRecheck;
import io.herald.broker.store.RetainedStore;
import io.herald.broker.topic.TopicIndex;
import java.time.Clock;

/**
 * The broker's shared parts, built once by {@link Broker} and handed to the listeners that serve
 * connections. Immutable; every part is thread-safe or states its owning thread.
 */
public record BrokerCore(
        BrokerConfig config,
        BrokerMetrics metrics,
        Clock clock,
        SessionRegistry registry,
        TopicIndex<Session> index,
        RetainedStore retained,
        Router router,
        Ingress ingress,
        Delivery delivery,
        SubscriptionRecheck recheck,
        SessionEvents events,
        Authenticator authenticator,
        EnhancedAuthenticator enhancedAuthenticator,
        Authorizer authorizer,
        Interceptors interceptors) {}
