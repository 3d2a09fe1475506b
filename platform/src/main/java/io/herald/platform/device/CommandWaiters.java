package io.herald.platform.device;

import io.herald.platform.ErrorCode;
import io.herald.platform.PlatformException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Synchronous commands waiting for their answer: a future per command id, failed with
 * COMMAND_TIMEOUT when the thing does not answer in time. Nothing waits on a thread: the REST handler
 * continues when the future completes.
 *
 * <p>Threads: any thread registers, answers and fails; the timer thread times out. Each waiter is
 * removed exactly once (whoever removes it completes it).
 */
final class CommandWaiters {

    private record Waiter(String thingId, CompletableFuture<CommandAnswer> answer, ScheduledFuture<?> timeout) {}

    private final ConcurrentHashMap<String, Waiter> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    CommandWaiters(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Waits for the answer to {@code commandId} of {@code thingId} for at most {@code timeout}. */
    CompletableFuture<CommandAnswer> register(String commandId, String thingId, Duration timeout) {
        CompletableFuture<CommandAnswer> answer = new CompletableFuture<>();
        ScheduledFuture<?> t = timer.schedule(() -> fail(commandId, new PlatformException(ErrorCode.COMMAND_TIMEOUT,
                "thing '" + thingId + "' did not answer command " + commandId + " within " + timeout.toSeconds() + " s")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        waiting.put(commandId, new Waiter(thingId, answer, t));
        return answer;
    }

    /**
     * Completes the waiter of {@code commandId} when it waits for that thing's answer.
     *
     * @return false when no such command of that thing waits (another thing's, timed out, or unknown)
     */
    boolean answer(String thingId, String commandId, CommandAnswer answer) {
        Waiter w = waiting.get(commandId);
        if (w == null || !w.thingId().equals(thingId) || !waiting.remove(commandId, w)) {
            return false;
        }
        w.timeout().cancel(false);
        w.answer().complete(answer);
        return true;
    }

    /** Whether a command with this id waits (for any thing). */
    boolean waits(String commandId) {
        return waiting.containsKey(commandId);
    }

    void fail(String commandId, Throwable why) {
        Waiter w = waiting.remove(commandId);
        if (w != null) {
            w.timeout().cancel(false);
            w.answer().completeExceptionally(why);
        }
    }

    int size() {
        return waiting.size();
    }
}
