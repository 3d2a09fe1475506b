package io.herald.broker.route;

import io.herald.broker.publish.PublishInterceptor;
import io.herald.broker.topic.Topics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registered {@link PublishInterceptor}s with their topic filters. A PUBLISH whose topic matches no
 * registration costs one volatile read.
 *
 * <p>Threads: registered and removed from any thread (rarely); read on the session loops without locks.
 */
public final class Interceptors {

    private record Registration(List<String> filters, PublishInterceptor interceptor) {}

    private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();

    /**
     * Registers {@code interceptor} for {@code filters}.
     *
     * @return closing it removes the registration
     * @throws IllegalArgumentException when a filter is not a valid topic filter
     */
    public AutoCloseable add(List<String> filters, PublishInterceptor interceptor) {
        for (String f : filters) {
            if (!Topics.isValidFilter(f) || f.startsWith("$share/")) {
                throw new IllegalArgumentException("not a topic filter an interceptor may use: '" + f + "'");
            }
        }
        Registration r = new Registration(List.copyOf(filters), interceptor);
        registrations.add(r);
        return () -> registrations.remove(r);
    }

    /** The first registered interceptor one of whose filters matches {@code topic}, or null. */
    public PublishInterceptor find(String topic) {
        if (registrations.isEmpty()) {
            return null;
        }
        for (Registration r : registrations) {
            for (String f : r.filters()) {
                if (Topics.matches(f, topic)) {
                    return r.interceptor();
                }
            }
        }
        return null;
    }
}
