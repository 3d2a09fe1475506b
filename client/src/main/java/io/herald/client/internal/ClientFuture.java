package io.herald.client.internal;

import io.herald.client.MqttClientException;
import io.herald.client.MqttError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A future of the client that refuses to be waited for on the client's own callback thread, where
 * waiting would block the very thread that must complete it. Dependent stages inherit the check.
 *
 * <p>Threads: thread-safe like {@link CompletableFuture}.
 */
final class ClientFuture<T> extends CompletableFuture<T> {

    private final BooleanSupplier onCallbackThread;

    ClientFuture(BooleanSupplier onCallbackThread) {
        this.onCallbackThread = onCallbackThread;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new ClientFuture<>(onCallbackThread);
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        checkThread();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        checkThread();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        checkThread();
        return super.join();
    }

    private void checkThread() {
        if (!isDone() && onCallbackThread.getAsBoolean()) {
            throw MqttClientException.of(MqttError.OTHER, "waiting for the client inside one of its own callbacks "
                    + "would block forever; chain with thenAccept(...) instead");
        }
    }
}
