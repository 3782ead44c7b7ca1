package io.crowdpay.benchmarks;

import io.crowdpay.engine.Engine;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.EventRecords;
import java.util.List;

/** The records of 4,096 distinct typical transfers (four events each), for the downstream benchmarks. */
public final class TransferRecords {

    private TransferRecords() {
    }

    @SuppressWarnings("unchecked")
    public static List<EventRecord>[] distinct() {
        Engine engine = Fixtures.world();
        List<EventRecord>[] records = new List[4_096];
        for (int i = 0; i < records.length; i++) {
            engine.apply(Fixtures.typicalTransfer(i), Fixtures.EPOCH_MILLIS + i);
            records[i] = EventRecords.of(List.copyOf(engine.events()), engine.firstEventSequence(), v -> v + 1, i, "corr-" + (i & 7));
        }
        return records;
    }
}
