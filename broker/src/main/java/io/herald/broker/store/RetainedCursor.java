package io.herald.broker.store;

import java.util.function.Consumer;

/**
 * A resumable walk over the retained topics that match one filter, a bounded piece at a time: an event
 * loop can match a filter over a million retained topics in many short turns and serve its other
 * clients in between. It holds its position, not its results (memory: one frame per level of depth).
 * A topic retained after the walk passed its place is not found (a subscriber receives it live anyway);
 * a topic removed before the walk reaches it is not found; one removed after it was found is the
 * caller's to skip (its message is gone).
 *
 * <p>Threads: one caller at a time (a subscription's loop); the index may change meanwhile.
 */
public interface RetainedCursor {

    /**
     * Hands the next matching topic names to {@code out}: at most {@code maxNames}, visiting at most
     * {@code maxSteps} nodes of the index (each counts whether it matches or not).
     *
     * @return true while more may follow, false once the walk is complete
     */
    boolean advance(Consumer<String> out, int maxNames, int maxSteps);
}
