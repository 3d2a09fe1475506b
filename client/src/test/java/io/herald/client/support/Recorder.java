package io.herald.client.support;

import io.herald.client.ClientListener;
import io.herald.client.ConnAck;
import io.herald.client.MqttClientException;
import io.herald.client.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A listener that records everything a client reports, for assertions. Thread-safe: concurrent
 * collections.
 */
public class Recorder implements ClientListener {

    public final BlockingQueue<ReceivedMessage> messages = new LinkedBlockingQueue<>();
    public final List<ConnAck> connects = new CopyOnWriteArrayList<>();
    public final List<Integer> reconnects = new CopyOnWriteArrayList<>();
    public final List<MqttClientException> disconnects = new CopyOnWriteArrayList<>();
    public final List<MqttClientException> errors = new CopyOnWriteArrayList<>();
    public final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void connected(ConnAck connAck) {
        connects.add(connAck);
        events.add("connected");
    }

    @Override
    public void reconnecting(int attempt, Duration delay) {
        reconnects.add(attempt);
        events.add("reconnecting");
    }

    @Override
    public void disconnected(MqttClientException cause) {
        disconnects.add(cause);
        events.add("disconnected");
    }

    @Override
    public void error(MqttClientException error) {
        errors.add(error);
        events.add("error");
    }

    @Override
    public void message(ReceivedMessage message) {
        messages.add(message);
    }

    /** The next message within five seconds; fails the test when none comes. */
    public ReceivedMessage next() {
        try {
            ReceivedMessage m = messages.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no message within 5 s");
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
