package io.crowdpay.replicator.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.event.Event;
import io.crowdpay.replicator.EventRecord;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The typed shortcut to an event's meaning must be exactly what decoding its record gives. */
class RecentEventsTest {

    @Property(tries = 40)
    void fromTheEngineIsWhatDecodingTheRecordGives(@ForAll long seed, @ForAll @IntRange(min = 20, max = 400) int commands) {
        EngineRun run = EngineRun.randomTraffic(seed, commands);
        List<EventRecord> records = run.records();
        List<Event> events = run.events();
        assertThat(events).hasSameSizeAs(records);
        for (int i = 0; i < records.size(); i++) {
            EventRecord record = records.get(i);
            ReadModelEvent typed = EventPayloads.fromEngine(events.get(i), record.sequence());
            if (typed != null) {
                assertThat(typed).as("event %s (%s)", record.sequence(), record.type()).isEqualTo(EventPayloads.decode(record));
            }
        }
    }

    @Test
    void everyTransactionAndBalanceEventTakesTheShortcut() {
        EngineRun run = EngineRun.randomTraffic(7, 2_000);
        Map<Kind, Integer> taken = new EnumMap<>(Kind.class);
        List<EventRecord> records = run.records();
        List<Event> events = run.events();
        for (int i = 0; i < records.size(); i++) {
            ReadModelEvent decoded = EventPayloads.decode(records.get(i));
            Kind kind = Kind.of(decoded);
            if (kind != Kind.OTHER) {
                assertThat(EventPayloads.fromEngine(events.get(i), records.get(i).sequence())).as(records.get(i).type()).isNotNull();
                taken.merge(kind, 1, Integer::sum);
            }
        }
        assertThat(taken).containsKeys(Kind.INITIATED, Kind.STATUS, Kind.BALANCES);
    }

    @Test
    void aProjectionToldTheTypedEventsEndsInTheSameStateAsOneThatDecodesEverything() throws Exception {
        EngineRun run = EngineRun.randomTraffic(11, 1_500);
        MemoryProjection decoding = new MemoryProjection(500);
        MemoryProjection told = new MemoryProjection(500);
        List<EventRecord> records = run.records();
        List<Event> events = run.events();
        // Told about only every other batch's events, so hits and misses mix.
        int batch = 97;
        for (int from = 0; from < records.size(); from += batch) {
            int to = Math.min(records.size(), from + batch);
            if ((from / batch) % 2 == 0) {
                told.recentEvents(events.subList(from, to), records.get(from).sequence());
            }
            decoding.deliver(records.subList(from, to));
            told.deliver(records.subList(from, to));
        }
        assertThat(told.checkpoint()).isEqualTo(decoding.checkpoint());
        assertThat(Listing.walk(told, TransactionQueries.Filter.ALL, 50))
                .isEqualTo(Listing.walk(decoding, TransactionQueries.Filter.ALL, 50));
        for (var wallet : List.of(EngineRun.TRIP_WALLET, EngineRun.FLAT_WALLET, EngineRun.BOB_WALLET)) {
            assertThat(told.balances(wallet)).isEqualTo(decoding.balances(wallet));
        }
    }

    @Test
    void aSlotOverwrittenByANewerSequenceIsAMiss() {
        RecentEvents recent = new RecentEvents(4);
        recent.put(1, ReadModelEvent.IGNORED);
        recent.put(5, ReadModelEvent.IGNORED);
        assertThat(recent.get(1)).isNull();
        assertThat(recent.get(5)).isSameAs(ReadModelEvent.IGNORED);
        assertThat(recent.get(2)).isNull();
    }

    private enum Kind {
        INITIATED, STATUS, BALANCES, OTHER;

        static Kind of(ReadModelEvent e) {
            return switch (e) {
                case ReadModelEvent.Initiated i -> INITIATED;
                case ReadModelEvent.StatusChanged s -> STATUS;
                case ReadModelEvent.BalancesMoved b -> BALANCES;
                default -> OTHER;
            };
        }
    }
}
