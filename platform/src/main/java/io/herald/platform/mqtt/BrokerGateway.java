package io.herald.platform.mqtt;

import io.herald.platform.auth.Credential;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the platform asks of the broker, through the broker's public API only: publishing, sessions,
 * retained messages, store health. Every method may be called from any thread and does not block; the
 * stages complete on broker threads.
 */
public interface BrokerGateway {

    /**
     * Publishes through the broker's ingress.
     *
     * @param publisher whose rights apply (checked by the broker too); allowAll for the platform itself
     */
    CompletionStage<PublishResult> publish(OutgoingMessage message, Credential publisher);

    /** Every session, connected or persisted. */
    CompletionStage<List<SessionView>> sessions();

    /** Disconnects the client and, with {@code discard}, removes its session; false when there was no such session. */
    CompletionStage<Boolean> disconnect(String clientId, boolean discard);

    /** Retained messages whose topic matches {@code filter}, at most {@code limit}. */
    CompletionStage<List<RetainedView>> retained(String filter, int limit);

    /** The retained message of {@code topic}. */
    CompletionStage<Optional<RetainedView>> retainedMessage(String topic);

    /** Clears the retained message of {@code topic}; false when there was none. */
    CompletionStage<Boolean> clearRetained(String topic);

    /** Whether the broker's store is open and answering. */
    boolean storeUp();
}
