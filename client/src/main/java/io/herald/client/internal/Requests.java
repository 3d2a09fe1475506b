package io.herald.client.internal;

import io.herald.client.MqttClientException;
import io.herald.client.MqttError;
import io.herald.client.SubAck;
import io.herald.client.Subscription;
import io.herald.client.UnsubAck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * SUBSCRIBE and UNSUBSCRIBE requests awaiting their SUBACK or UNSUBACK, and the registry of granted
 * subscriptions they keep up to date.
 *
 * <p>Threads: owned by the client's event loop.
 */
final class Requests {

    private record Subscribe(List<Subscription> subscriptions, CompletableFuture<SubAck> future) {}

    private record Unsubscribe(List<String> filters, CompletableFuture<UnsubAck> future) {}

    private final Callbacks callbacks;
    private final PacketIds ids;
    private final SubscriptionRegistry registry;
    private final Map<Integer, Object> pending = new HashMap<>();

    Requests(Callbacks callbacks, PacketIds ids, SubscriptionRegistry registry) {
        this.callbacks = callbacks;
        this.ids = ids;
        this.registry = registry;
    }

    void subscribe(ConnectionHandler link, List<Subscription> subscriptions, CompletableFuture<SubAck> future) {
        int id = ids.acquire();
        if (id < 0) {
            callbacks.fail(future, MqttClientException.of(MqttError.SUBSCRIBE_FAILED, "all packet identifiers in use"));
            return;
        }
        pending.put(id, new Subscribe(List.copyOf(subscriptions), future));
        link.write(Packets.subscribe(id, subscriptions));
    }

    void unsubscribe(ConnectionHandler link, List<String> filters, CompletableFuture<UnsubAck> future) {
        int id = ids.acquire();
        if (id < 0) {
            callbacks.fail(future, MqttClientException.of(MqttError.UNSUBSCRIBE_FAILED,
                    "all packet identifiers in use"));
            return;
        }
        // forget them now, so a reconnect before the UNSUBACK does not renew them
        registry.removeAll(filters);
        pending.put(id, new Unsubscribe(List.copyOf(filters), future));
        link.write(Packets.unsubscribe(id, filters));
    }

    void subAck(int id, List<Integer> codes, String reasonString) {
        if (!(pending.get(id) instanceof Subscribe s)) {
            return;
        }
        pending.remove(id);
        ids.release(id);
        registry.granted(s.subscriptions, codes);
        callbacks.complete(s.future, new SubAck(codes, reasonString));
    }

    void unsubAck(int id, List<Integer> codes, String reasonString) {
        if (!(pending.get(id) instanceof Unsubscribe u)) {
            return;
        }
        pending.remove(id);
        ids.release(id);
        List<Integer> all = codes.isEmpty() ? u.filters.stream().map(f -> 0).toList() : codes;
        callbacks.complete(u.future, new UnsubAck(all, reasonString));
    }

    /** Fails every request still waiting for its answer; the connection that carried them is gone. */
    void failAll(MqttClientException error) {
        for (Map.Entry<Integer, Object> e : pending.entrySet()) {
            ids.release(e.getKey());
            CompletableFuture<?> f = e.getValue() instanceof Subscribe s ? s.future : ((Unsubscribe) e.getValue()).future;
            callbacks.fail(f, error);
        }
        pending.clear();
    }
}
