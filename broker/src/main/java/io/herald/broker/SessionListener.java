package io.herald.broker;

/**
 * Receives {@link SessionEvent}s; registered with {@link Broker#addSessionListener}.
 *
 * <p>Threads: called on the broker's single {@code herald-session-events} thread, never on an event
 * loop, one event at a time in order. A slow listener delays later events (not the broker); one that
 * throws is logged and keeps receiving.
 */
@FunctionalInterface
public interface SessionListener {

    void onEvent(SessionEvent event);
}
