package io.herald.testkit.leak;

import io.netty.buffer.ByteBufAllocator;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes Netty report the buffers dropped without {@code release()} so far, and fails with the reports.
 *
 * <p>Netty finds a leak only when the garbage collector has freed the buffer and a later allocation
 * (at the paranoid level, every allocation) drains the detector's reference queue. So the gate runs
 * full collections until the JVM has processed their references, then allocates and releases one
 * buffer. A leak belongs to the test class during which it was found, which may come after the class
 * that leaked it (a buffer still reachable at the check is found at a later one).
 *
 * <p>Threads: called on the test thread; stateless.
 */
public final class LeakGate {

    /** Two collections: a buffer reachable only from an object that dies in the first dies in the second. */
    private static final int COLLECTIONS = 2;
    private static final long REFERENCE_PROCESSING_TIMEOUT_MILLIS = 2_000;

    private LeakGate() {}

    /** Fails with every leak reported since the last check, attributed to {@code testClass}. */
    public static void check(String testClass) {
        List<LeakReport> reports = collect();
        if (!reports.isEmpty()) {
            throw new AssertionError(reports.size() + " leak(s) reported by Netty: a buffer leaked during or before "
                    + testClass + " (a leak is found once the garbage collector has freed the buffer, so the class"
                    + " that leaked it may be an earlier one; the records say where it was created and last used)\n"
                    + reports.stream().map(LeakReport::toString).collect(Collectors.joining("\n")));
        }
    }

    /** The leaks Netty reports after the garbage collector has freed every unreachable buffer. */
    static List<LeakReport> collect() {
        for (int i = 0; i < COLLECTIONS; i++) {
            collectGarbage();
        }
        // at the paranoid level every track() drains the detector's queue and reports what it finds
        ByteBufAllocator.DEFAULT.directBuffer(1).release();
        return FailingLeakDetector.takeReports();
    }

    /**
     * A full collection, and a wait until the JVM's reference handler has enqueued the references it
     * cleared: a sentinel cleared by the same collection shows it (the handler takes all of one
     * collection's references at once, so the next collection's sentinel comes after them).
     */
    private static void collectGarbage() {
        ReferenceQueue<Object> cleared = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), cleared);
        System.gc();
        try {
            cleared.remove(REFERENCE_PROCESSING_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Reference.reachabilityFence(sentinel);
    }
}
