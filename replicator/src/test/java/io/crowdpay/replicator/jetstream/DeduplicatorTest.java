package io.crowdpay.replicator.jetstream;

import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The consumer-side dedupe the docs ask every consumer for, shown on a real redelivery. */
class DeduplicatorTest {

    @Test
    void givenProcessedEvent_whenDeliveredAgain_thenRecognised() {
        Deduplicator dedupe = new Deduplicator(10);
        dedupe.processed("ev_1");

        assertThat(dedupe.alreadyProcessed("ev_1")).isTrue();
        assertThat(dedupe.alreadyProcessed("ev_2")).isFalse();
    }

    @Test
    void givenMoreEventsThanItRemembers_whenOldestDeliveredAgain_thenForgottenAndWindowStaysBounded() {
        Deduplicator dedupe = new Deduplicator(3);
        for (int seq = 1; seq <= 5; seq++) {
            dedupe.processed("ev_" + seq);
        }

        assertThat(dedupe.size()).isEqualTo(3);
        assertThat(dedupe.alreadyProcessed("ev_2")).isFalse();
        assertThat(dedupe.alreadyProcessed("ev_3")).isTrue();
        assertThat(dedupe.alreadyProcessed("ev_5")).isTrue();
    }

    @Test
    void givenConsumerCrashedBeforeAck_whenJetStreamRedelivers_thenTheEffectHappensOnce() throws Exception {
        try (TestStream stream = new TestStream()) {
            stream.openPublisher().publish(TestStream.events(1, 3));
            JetStreamSubscription sub = stream.pullConsumer();
            Deduplicator dedupe = new Deduplicator();
            List<String> applied = new ArrayList<>();
            int redelivered = 0;

            for (Message m : TestStream.fetch(sub, 3)) {
                consume(m, dedupe, applied);
                if (EventHeaders.sequence(m.getHeaders()) == 2) {
                    m.nak(); // The effect is done but the ack is lost: JetStream delivers ev_2 again.
                } else {
                    m.ack();
                }
            }
            for (Message again : TestStream.fetch(sub, 1)) {
                redelivered += again.metaData().deliveredCount() > 1 ? 1 : 0;
                consume(again, dedupe, applied);
                again.ack();
            }

            assertThat(redelivered).isEqualTo(1);
            assertThat(applied).containsExactly("ev_1", "ev_2", "ev_3");
        }
    }

    /** A consumer's loop body: skip what was done, do the effect, then remember it. */
    private static void consume(Message m, Deduplicator dedupe, List<String> applied) {
        if (dedupe.alreadyProcessed(m)) {
            return;
        }
        String eventId = EventHeaders.eventId(m.getHeaders());
        applied.add(eventId);
        dedupe.processed(eventId);
    }
}
