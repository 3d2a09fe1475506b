package io.herald.testkit.leak;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Netty's leak detector for this module's tests: testkit/pom.xml names it in
 * {@code -Dio.netty.customResourceLeakDetector}, so Netty's detector factory creates every detector
 * (the one for {@code ByteBuf} included) from this class. It logs each leak as Netty's own detector
 * does ({@code LEAK: ...}) and also keeps it until {@link LeakGate} takes it, so that a leak fails the
 * test class instead of only printing a line.
 *
 * <p>Threads: Netty reports a leak on whichever thread's allocation drains the detector's reference
 * queue (an event loop, a test thread); the pending reports are a concurrent queue that
 * {@link LeakGate} drains on the test thread.
 */
public final class FailingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final Queue<LeakReport> PENDING = new ConcurrentLinkedQueue<>();
    private static final Set<String> WATCHED_TYPES = ConcurrentHashMap.newKeySet();

    /** The constructor Netty's factory calls for {@code newResourceLeakDetector(Class)}. */
    public FailingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        WATCHED_TYPES.add(resourceType.getName());
    }

    /**
     * The older signature, which Netty's factory also looks up when it starts (and logs an error if it
     * is missing); Netty ignores {@code maxActive}.
     */
    public FailingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** Whether a detector of this class watches {@code resourceType} (Netty created it for that type). */
    static boolean watches(Class<?> resourceType) {
        return WATCHED_TYPES.contains(resourceType.getName());
    }

    /** The leaks reported since the last call, oldest first. */
    static List<LeakReport> takeReports() {
        List<LeakReport> reports = new ArrayList<>();
        for (LeakReport report = PENDING.poll(); report != null; report = PENDING.poll()) {
            reports.add(report);
        }
        return reports;
    }

    /** Reports even when the log's ERROR level is off: Netty's detector would drop the leak silently. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        super.reportTracedLeak(resourceType, records);
        PENDING.add(new LeakReport(resourceType, records));
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        super.reportUntracedLeak(resourceType);
        PENDING.add(new LeakReport(resourceType, ""));
    }
}
