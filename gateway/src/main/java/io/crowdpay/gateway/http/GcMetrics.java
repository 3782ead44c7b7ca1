package io.crowdpay.gateway.http;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's garbage collections by collector and cause, for {@code /metrics}:
 * {@value #CYCLES}{@code {gc="ZGC Minor Cycles",cause="Allocation Rate"}} and
 * {@value #MILLIS} with the same labels.
 *
 * <p>Counted from the collectors' notifications, which name each collection's cause. The cause is
 * what tells a collector's phases apart: a freshly started JVM's ZGC makes a major "Warmup"
 * collection each time heap use first passes 10, 20 and 30%, and only then paces itself on its
 * allocation rate (at 5,000 requests/s on the 8 GiB heap: a minor collection about once a minute,
 * BENCHMARKS.md). A load test right after a start measures the first phase, and the load generator
 * reads these counters to say so.
 */
public final class GcMetrics implements AutoCloseable {

    /** Collections, by collector ({@code gc}) and {@code cause}. */
    public static final String CYCLES = "crowdpay_jvm_gc_cycles_total";
    /** Their summed duration in milliseconds (for ZGC's "Cycles" beans, the concurrent cycle's wall time). */
    public static final String MILLIS = "crowdpay_jvm_gc_cycle_milliseconds_total";

    private record Key(String collector, String cause) {
    }

    private final Map<Key, LongAdder> cycles = new ConcurrentHashMap<>();
    private final Map<Key, LongAdder> millis = new ConcurrentHashMap<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (notification, handback) -> count(notification);

    private GcMetrics() {
    }

    /** Starts counting every collector of this JVM that sends notifications (all of HotSpot's do). */
    public static GcMetrics start() {
        GcMetrics metrics = new GcMetrics();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(metrics.listener, null, null);
                metrics.emitters.add(emitter);
            }
        }
        return metrics;
    }

    /** Adds the two counter families to {@code /metrics}. */
    public void register(Metrics metrics) {
        metrics.counters(CYCLES, () -> labelled(cycles));
        metrics.counters(MILLIS, () -> labelled(millis));
    }

    private void count(Notification notification) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        Key key = new Key(info.getGcName(), info.getGcCause());
        cycles.computeIfAbsent(key, k -> new LongAdder()).increment();
        millis.computeIfAbsent(key, k -> new LongAdder()).add(info.getGcInfo().getDuration());
    }

    /** Label sets in a stable order, values escaped as the text format wants them. */
    private static Map<String, Long> labelled(Map<Key, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put("gc=\"" + Metrics.escape(k.collector()) + "\",cause=\"" + Metrics.escape(k.cause()) + "\"",
                v.sum()));
        return out;
    }

    /** Stops counting; the listeners would otherwise outlive the service in a JVM that starts many. */
    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // Added in start(); nothing left to remove.
            }
        }
        emitters.clear();
    }
}
