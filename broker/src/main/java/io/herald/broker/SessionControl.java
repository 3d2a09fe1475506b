package io.herald.broker;

import io.herald.broker.auth.ClientIdentity;
import io.herald.broker.session.Rights;
import io.herald.broker.session.Session;
import io.herald.broker.session.SessionOwner;
import io.herald.broker.session.SessionRegistry;
import io.herald.broker.session.SubscriptionRecheck;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * The platform's levers on live sessions: revocation, permission changes and re-checks. Each operation
 * hops to every session loop and acts there on the sessions that loop owns, so loop-owned state is never
 * touched from the caller's thread; the returned stage completes once every loop has acted.
 *
 * <p>Threads: any thread may call; the work runs on the session loops. Stateless.
 */
final class SessionControl {

    private final SessionRegistry registry;
    private final List<EventLoop> loops;
    private final SubscriptionRecheck recheck;

    SessionControl(SessionRegistry registry, List<EventLoop> loops, SubscriptionRecheck recheck) {
        this.registry = registry;
        this.loops = List.copyOf(loops);
        this.recheck = recheck;
    }

    /** See {@link Broker#disconnect(Predicate, DisconnectReason, boolean)}. */
    CompletionStage<Integer> disconnect(Predicate<ClientIdentity> which, DisconnectReason reason, boolean discard) {
        String why = reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return onEveryLoop(session -> {
            SessionOwner owner = session.owner();
            ClientIdentity identity = owner != null ? owner.rights().identity()
                    : session.rights() != null ? session.rights().identity() : null;
            if (identity == null || !which.test(identity)) {
                return 0;
            }
            if (owner != null) {
                owner.disconnect(reason, why);
            }
            if (discard) {
                registry.discard(session);
            }
            return owner != null ? 1 : 0;
        });
    }

    /** See {@link Broker#updatePermissions}. */
    CompletionStage<Integer> updatePermissions(Predicate<ClientIdentity> which, UnaryOperator<ClientIdentity> update) {
        return onEveryLoop(session -> {
            SessionOwner owner = session.owner();
            if (owner == null || !which.test(owner.rights().identity())) {
                return 0;
            }
            ClientIdentity current = owner.rights().identity();
            ClientIdentity next = update.apply(current);
            if (!next.clientId().equals(current.clientId())) {
                throw new IllegalArgumentException("an update may not change the client id " + current.clientId());
            }
            owner.updateRights(new Rights(next, owner.rights().authorizer()));
            return 1;
        });
    }

    /** See {@link Broker#recheckAuthorizer()}. */
    CompletionStage<Integer> recheckAuthorizer() {
        return onEveryLoop(session -> {
            SessionOwner owner = session.owner();
            if (owner != null) {
                return owner.updateRights(owner.rights());
            }
            return session.rights() == null ? 0 : recheck.recheck(session, session.rights());
        });
    }

    /** Runs {@code action} on every session on its own loop; the sum of its results. */
    private CompletionStage<Integer> onEveryLoop(ToIntFunction<Session> action) {
        List<CompletableFuture<Integer>> parts = new ArrayList<>(loops.size());
        for (EventLoop loop : loops) {
            CompletableFuture<Integer> part = new CompletableFuture<>();
            parts.add(part);
            loop.execute(() -> {
                try {
                    int n = 0;
                    for (Session s : registry.sessionsOn(loop)) {
                        n += action.applyAsInt(s);
                    }
                    part.complete(n);
                } catch (RuntimeException e) {
                    part.completeExceptionally(e);
                }
            });
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture[0]))
                .thenApply(v -> parts.stream().mapToInt(CompletableFuture::join).sum());
    }
}
