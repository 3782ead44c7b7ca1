package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void intendedStartsAreSpacedByOneOverTheRateFromTheStart() {
        Schedule s = Schedule.of(1_000, 4_000, 1.0);

        assertThat(s.count()).isEqualTo(4_000);
        assertThat(s.intendedNanos(0)).isEqualTo(1_000);
        assertThat(s.intendedNanos(1)).isEqualTo(1_000 + 250_000);
        assertThat(s.intendedNanos(3_999)).isEqualTo(1_000 + 3_999L * 250_000);
    }

    @Test
    void noDriftAccumulatesOverMillionsOfOperationsAtAnAwkwardRate() {
        Schedule s = Schedule.of(0, 3, 2_000_000);

        // 3/s: one operation every 333,333,333.3 ns; index 5,999,999 is due at 5,999,999e9 / 3 ns, floored.
        assertThat(s.intendedNanos(5_999_999)).isEqualTo(1_999_999_666_666_666L);
    }

    @Test
    void dueByCountsOperationsIntendedAtOrBeforeNow() {
        Schedule s = Schedule.of(1_000_000, 1_000, 10.0);

        assertThat(s.dueBy(999_999)).isZero();
        assertThat(s.dueBy(1_000_000)).isEqualTo(1);
        assertThat(s.dueBy(1_000_000 + 999_999)).isEqualTo(1);
        assertThat(s.dueBy(1_000_000 + 1_000_000)).isEqualTo(2);
        assertThat(s.dueBy(Long.MAX_VALUE / 2)).isEqualTo(10_000);
    }

    @Test
    void shardsTogetherAreExactlyTheWholeSchedule() {
        Schedule whole = Schedule.of(5, 7_777, 3.3);
        List<Long> union = new ArrayList<>();
        long total = 0;
        for (int k = 0; k < 3; k++) {
            Schedule shard = whole.shard(k, 3);
            total += shard.count();
            for (long j = 0; j < shard.count(); j++) {
                assertThat(shard.intendedNanos(j)).isEqualTo(whole.intendedNanos(shard.globalIndex(j)));
                union.add(shard.globalIndex(j));
            }
        }

        assertThat(total).isEqualTo(whole.count());
        assertThat(union).doesNotHaveDuplicates().hasSize((int) whole.count());
    }

    @Test
    void aShardsDueCountAgreesWithItsIntendedTimes() {
        Schedule shard = Schedule.of(0, 1_000, 1.0).shard(1, 4);
        long at = shard.intendedNanos(10);

        assertThat(shard.dueBy(at)).isEqualTo(11);
        assertThat(shard.dueBy(at - 1)).isEqualTo(10);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> Schedule.of(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Schedule.of(0, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
