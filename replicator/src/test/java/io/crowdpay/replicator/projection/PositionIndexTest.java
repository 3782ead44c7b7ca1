package io.crowdpay.replicator.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PositionIndexTest {

    private static PositionIndex.Cell cell(long millis, long sequence) {
        return new PositionIndex.Cell(new Position(millis, sequence), null);
    }

    private static List<Position> positions(Iterable<PositionIndex.Cell> cells) {
        return StreamSupport.stream(cells.spliterator(), false).map(c -> c.position).toList();
    }

    @Test
    void givenAppendsInOrder_whenPagedBackwards_thenNewestFirstAndStrictlyOlderThanTheCursor() {
        PositionIndex index = new PositionIndex();
        for (int i = 1; i <= 10; i++) {
            index.add(cell(100 + i, i));
        }

        assertThat(positions(index.newestFirst(null))).first().isEqualTo(new Position(110, 10));
        assertThat(positions(index.newestFirst(new Position(105, 5))))
                .containsExactly(new Position(104, 4), new Position(103, 3), new Position(102, 2), new Position(101, 1));
        assertThat(positions(index.newestFirst(new Position(101, 1)))).isEmpty();
        assertThat(positions(index.newestFirst(new Position(1_000, 99)))).hasSize(10);
    }

    @Test
    void givenTheOldestRemovedRepeatedly_whenTheRingWraps_thenOrderIsKept() {
        PositionIndex index = new PositionIndex();
        long sequence = 0;
        for (int round = 0; round < 100; round++) {
            index.add(cell(sequence, ++sequence));
            index.add(cell(sequence, ++sequence));
            assertThat(index.remove(index.first())).isTrue();
        }

        assertThat(index.size()).isEqualTo(100);
        assertThat(positions(index)).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(index.first().position).isEqualTo(new Position(100, 101));
    }

    @Test
    void givenACellNotHere_whenRemoved_thenFalseAndNothingChanges() {
        PositionIndex index = new PositionIndex();
        index.add(cell(1, 1));

        assertThat(index.remove(cell(1, 1))).isFalse();
        assertThat(index.size()).isEqualTo(1);
    }

    /** Any adds (in or out of order) and removals (front or middle) answer as a sorted set would. */
    @Property(tries = 200)
    void behavesAsASortedSet(@ForAll @Size(max = 200) List<@IntRange(min = 1, max = 500) Integer> ops) {
        PositionIndex index = new PositionIndex();
        TreeSet<Position> model = new TreeSet<>();
        List<PositionIndex.Cell> cells = new ArrayList<>();
        long sequence = 0;
        for (int op : ops) {
            if (op % 4 == 0 && !cells.isEmpty()) {
                PositionIndex.Cell gone = cells.remove(op % cells.size());
                assertThat(index.remove(gone)).isTrue();
                model.remove(gone.position);
            } else {
                // Mostly increasing times, sometimes an earlier one (out of order).
                PositionIndex.Cell c = cell(op % 7 == 0 ? op / 7 : 1_000 + sequence, ++sequence);
                cells.add(c);
                index.add(c);
                model.add(c.position);
            }
            assertThat(positions(index)).containsExactlyElementsOf(model);
            Position cursor = new Position(op * 3L, op);
            assertThat(positions(index.newestFirst(cursor))).containsExactlyElementsOf(model.headSet(cursor, false).descendingSet());
        }
    }
}
