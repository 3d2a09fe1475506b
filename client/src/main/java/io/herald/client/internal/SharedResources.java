package io.herald.client.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The I/O threads and callback pool every client of the process shares, created on first use. Their
 * threads are daemons, so an application can exit without closing its clients.
 *
 * <p>Threads: thread-safe (holder idiom).
 */
public final class SharedResources {

    private SharedResources() {}

    private static final class Io {
        static final EventLoopGroup GROUP = new MultiThreadIoEventLoopGroup(
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                new DefaultThreadFactory("herald-client-io", true), NioIoHandler.newFactory());
    }

    private static final class Pool {
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final ExecutorService CALLBACKS = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "herald-client-callback-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    static EventLoopGroup ioGroup() {
        return Io.GROUP;
    }

    public static ExecutorService callbackPool() {
        return Pool.CALLBACKS;
    }
}
