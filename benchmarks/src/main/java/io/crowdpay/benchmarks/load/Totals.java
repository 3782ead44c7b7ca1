package io.crowdpay.benchmarks.load;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The run's cumulative histograms, owned by the progress thread: every second (and once at the end)
 * it moves what each shard recorded since the last pull into them. Shards never see these.
 */
final class Totals {

    final Map<Operation, Histogram> latency = perOperation();
    final Histogram latencyAll = ShardStats.histogram();
    final Histogram service = ShardStats.histogram();
    final Histogram sendDelay = ShardStats.histogram();
    /** Every phase, successes only: what the progress line's p99 is taken from during warm-up. */
    final Histogram progress = ShardStats.histogram();
    final Map<Operation, Histogram> settle = perOperation();
    final Histogram settleAll = ShardStats.histogram();

    private static Map<Operation, Histogram> perOperation() {
        Map<Operation, Histogram> m = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            m.put(op, ShardStats.histogram());
        }
        return m;
    }

    void pull(List<Shard> shards) {
        for (Shard shard : shards) {
            ShardStats s = shard.stats;
            for (Operation op : Operation.values()) {
                Histogram l = s.latency.get(op).getIntervalHistogram();
                latency.get(op).add(l);
                latencyAll.add(l);
                Histogram st = s.settle.get(op).getIntervalHistogram();
                settle.get(op).add(st);
                settleAll.add(st);
            }
            drain(s.service, service);
            drain(s.sendDelay, sendDelay);
            drain(s.progress, progress);
        }
    }

    private static void drain(SingleWriterRecorder from, Histogram into) {
        into.add(from.getIntervalHistogram());
    }

    static Map<Operation, Latency> summarize(Map<Operation, Histogram> perOperation) {
        Map<Operation, Latency> m = new EnumMap<>(Operation.class);
        perOperation.forEach((op, h) -> m.put(op, Latency.of(h)));
        return m;
    }
}
