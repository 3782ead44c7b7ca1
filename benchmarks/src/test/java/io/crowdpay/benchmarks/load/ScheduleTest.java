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

    @Test
    void aRampedScheduleRisesInAStraightLineToTheRateThenHoldsIt() {
        // 1,000/s reached over 10 s from 10%: 100/s at first, 5,500 operations in the ramp, then 1,000/s.
        Schedule s = Schedule.ramped(0, 1_000, 10, 0.1, 30);

        assertThat(s.count()).isEqualTo(5_500 + 30_000);
        assertThat(s.dueBy(1_000_000_000L)).as("first second: ~100 + 90/2").isBetween(144L, 146L);
        assertThat(s.dueBy(10_000_000_000L)).isBetween(5_500L, 5_501L);
        // After the ramp, one operation a millisecond, exactly as an unramped schedule.
        long afterRamp = s.intendedNanos(5_500);
        assertThat(afterRamp).isBetween(9_999_999_999L, 10_000_000_000L);
        assertThat(s.intendedNanos(5_600) - afterRamp).isBetween(99_999_999L, 100_000_001L);
        // Spacing shrinks through the ramp: 10 ms at the start, 1 ms at its end.
        assertThat(s.intendedNanos(1) - s.intendedNanos(0)).isBetween(9_900_000L, 10_000_000L);
        assertThat(s.intendedNanos(5_499) - s.intendedNanos(5_498)).isBetween(1_000_000L, 1_002_000L);
    }

    @Test
    void aRampedSchedulesDueCountsAgreeWithItsIntendedTimesInEveryShard() {
        Schedule whole = Schedule.ramped(7, 3_333, 2.5, 0.1, 1.5);
        long total = 0;
        for (int k = 0; k < 3; k++) {
            Schedule shard = whole.shard(k, 3);
            total += shard.count();
            long previous = Long.MIN_VALUE;
            for (long j = 0; j < shard.count(); j++) {
                long at = shard.intendedNanos(j);
                assertThat(at).isEqualTo(whole.intendedNanos(shard.globalIndex(j))).isGreaterThanOrEqualTo(previous);
                assertThat(shard.dueBy(at)).isGreaterThanOrEqualTo(j + 1);
                assertThat(shard.dueBy(at - 1)).isLessThanOrEqualTo(j);
                previous = at;
            }
        }
        assertThat(total).isEqualTo(whole.count());
    }

    @Test
    void noRampOrAFullStartIsTheConstantSchedule() {
        Schedule plain = Schedule.of(5, 2_000, 3.0);
        for (Schedule same : List.of(Schedule.ramped(5, 2_000, 0, 0.1, 3.0), Schedule.ramped(5, 2_000, 1.0, 1.0, 2.0))) {
            assertThat(same.count()).isEqualTo(plain.count());
            for (long j = 0; j < plain.count(); j += 97) {
                assertThat(same.intendedNanos(j)).isEqualTo(plain.intendedNanos(j));
            }
        }
        assertThatThrownBy(() -> Schedule.ramped(0, 1_000, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
