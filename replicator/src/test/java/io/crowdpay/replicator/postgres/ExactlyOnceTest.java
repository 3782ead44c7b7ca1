package io.crowdpay.replicator.postgres;

import static io.crowdpay.replicator.postgres.TestDatabase.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.replicator.EventRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExactlyOnceTest {

    @Test
    void givenBatchContinuingTheCheckpoint_thenAllOfItIsUnstored() {
        assertThat(ExactlyOnce.unstored("c", 10, events(11, 20))).isEqualTo(events(11, 20));
        assertThat(ExactlyOnce.unstored("c", 0, events(1, 3))).isEqualTo(events(1, 3));
    }

    @Test
    void givenRedeliveredOverlap_thenOnlyTheSuffixAfterTheCheckpoint() {
        assertThat(ExactlyOnce.unstored("c", 15, events(11, 20))).isEqualTo(events(16, 20));
    }

    @Test
    void givenFullyStoredBatch_thenNothing() {
        assertThat(ExactlyOnce.unstored("c", 20, events(11, 20))).isEmpty();
        assertThat(ExactlyOnce.unstored("c", 99, events(11, 20))).isEmpty();
    }

    @Test
    void givenBatchPastCheckpointPlusOne_thenGapRefusedWithTheMissingRange() {
        assertThatThrownBy(() -> ExactlyOnce.unstored("store", 10, events(12, 20)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("consumer store")
                .hasMessageContaining("events 11..11 would be skipped")
                .hasMessageContaining("resume from sequence 11");
    }

    @Test
    void givenHoleOrDisorderInsideBatch_thenRefused() {
        List<EventRecord> holed = new ArrayList<>(events(1, 3));
        holed.addAll(events(5, 6));
        List<EventRecord> reversed = new ArrayList<>(events(1, 3)).reversed();

        assertThatThrownBy(() -> ExactlyOnce.requireWellFormed(holed, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequence 4 expected at position 3, found 5");
        assertThatThrownBy(() -> ExactlyOnce.requireWellFormed(reversed, 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenBatchAtTheLimit_thenAccepted_andOneMore_thenRefused() {
        assertThatCode(() -> ExactlyOnce.requireWellFormed(events(1, 5), 5)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ExactlyOnce.requireWellFormed(events(1, 6), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batch of 6 events exceeds the limit of 5 events");
    }
}
