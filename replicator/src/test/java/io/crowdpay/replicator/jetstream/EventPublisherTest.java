package io.crowdpay.replicator.jetstream;

import io.crowdpay.replicator.EventRecord;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publisher against the machine's real nats-server; each test owns its stream. */
class EventPublisherTest {

    private TestStream stream;
    private EventPublisher publisher;

    @BeforeEach
    void openStream() throws Exception {
        stream = new TestStream();
        publisher = stream.openPublisher();
    }

    @AfterEach
    void deleteStream() throws Exception {
        stream.close();
    }

    @Test
    void givenEmptyStream_whenCheckpointRead_thenZero() throws Exception {
        assertThat(publisher.lastPublishedSequence()).isZero();
    }

    @Test
    void givenBatch_whenPublished_thenPullConsumerReceivesItInOrderWithAllHeaders() throws Exception {
        List<EventRecord> batch = TestStream.events(1, 40);

        EventPublisher.Published published = publisher.publish(batch);

        assertThat(published).isEqualTo(new EventPublisher.Published(40, 0, 0, 40));
        JetStreamSubscription sub = stream.pullConsumer();
        List<Message> received = TestStream.fetch(sub, batch.size());
        assertThat(received).hasSize(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            assertMessageCarries(received.get(i), batch.get(i));
            received.get(i).ack();
        }
    }

    @Test
    void givenInterleavedTransactions_whenPublishedInSeveralBatches_thenEachTransactionArrivesInVersionOrder() throws Exception {
        publisher.publish(TestStream.events(1, 7));
        publisher.publish(TestStream.events(8, 30));

        List<Message> received = TestStream.fetch(stream.pullConsumer(), 30);

        assertThat(received).hasSize(30);
        Map<String, Long> lastVersion = new HashMap<>();
        for (Message m : received) {
            long version = Long.parseLong(m.getHeaders().getFirst(EventHeaders.STREAM_VERSION));
            long before = lastVersion.getOrDefault(m.getHeaders().getFirst(EventHeaders.STREAM), 0L);
            assertThat(version).isEqualTo(before + 1);
            lastVersion.put(m.getHeaders().getFirst(EventHeaders.STREAM), version);
        }
    }

    @Test
    void givenBatchLargerThanInFlightLimit_whenPublished_thenAllStoredInOrder() throws Exception {
        EventPublisher narrow = new EventPublisher(stream.connection, stream.settings, 4, EventPublisher.ACK_WAIT_MAX);

        EventPublisher.Published published = narrow.publish(TestStream.events(1, 50));

        assertThat(published.stored()).isEqualTo(50);
        assertThat(TestStream.fetch(stream.pullConsumer(), 50)).extracting(m -> EventHeaders.sequence(m.getHeaders()))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
    }

    @Test
    void givenPurgedStream_whenReplayedWithinDuplicateWindow_thenJetStreamStillDropsItAsDuplicates() throws Exception {
        publisher.publish(TestStream.events(1, 3));
        stream.jsm.purgeStream(stream.settings.streamName());

        assertThat(publisher.lastPublishedSequence()).isZero();
        // Why a rebuild deletes the stream rather than purging it: purge keeps the duplicate window.
        EventPublisher.Published replay = new EventPublisher(stream.connection, stream.settings).publish(TestStream.events(1, 3));

        assertThat(replay.duplicates()).isEqualTo(3);
        assertThat(stream.messageCount()).isZero();
    }

    @Test
    void givenDeletedAndRecreatedStream_whenReplayed_thenPublishedAgainFromOne() throws Exception {
        publisher.publish(TestStream.events(1, 3));
        stream.jsm.deleteStream(stream.settings.streamName());
        EventPublisher restarted = stream.openPublisher();

        assertThat(restarted.lastPublishedSequence()).isZero();
        assertThat(restarted.publish(TestStream.events(1, 3))).isEqualTo(new EventPublisher.Published(3, 0, 0, 3));
    }

    @Test
    void givenPublishedBatches_whenCheckpointRead_thenLastPublishedSequence() throws Exception {
        publisher.publish(TestStream.events(1, 10));
        assertThat(publisher.lastPublishedSequence()).isEqualTo(10);

        publisher.publish(TestStream.events(11, 12));

        assertThat(publisher.lastPublishedSequence()).isEqualTo(12);
        assertThat(new EventPublisher(stream.connection, stream.settings).lastPublishedSequence()).isEqualTo(12);
    }

    @Test
    void givenPublishedBatch_whenCrashedPublisherRedeliversIt_thenJetStreamDropsEveryDuplicate() throws Exception {
        List<EventRecord> batch = TestStream.events(1, 10);
        publisher.publish(batch);

        // What a publisher that crashed before its acks arrived would send again: the same messages.
        EventSubjects subjects = stream.settings.eventSubjects();
        for (EventRecord event : batch) {
            PublishAck ack = stream.js.publish(EventPublisher.message(subjects, event));
            assertThat(ack.isDuplicate()).as("ack of redelivered %s", event.eventId()).isTrue();
            assertThat(ack.getSeqno()).isEqualTo(event.sequence());
        }

        assertThat(stream.messageCount()).isEqualTo(10);
        assertThat(publisher.lastPublishedSequence()).isEqualTo(10);
    }

    @Test
    void givenPublishedBatch_whenRestartedPublisherGetsItAgain_thenNothingIsAppended() throws Exception {
        publisher.publish(TestStream.events(1, 10));
        EventPublisher restarted = new EventPublisher(stream.connection, stream.settings);

        EventPublisher.Published again = restarted.publish(TestStream.events(1, 10));
        EventPublisher.Published overlap = restarted.publish(TestStream.events(6, 15));

        assertThat(again).isEqualTo(new EventPublisher.Published(0, 10, 0, 10));
        assertThat(overlap).isEqualTo(new EventPublisher.Published(5, 5, 0, 15));
        assertThat(stream.messageCount()).isEqualTo(15);
    }

    @Test
    void givenTwoPublishersDuringFailOver_whenBothPublishTheSameEvents_thenStreamHoldsEachOnceInOrder() throws Exception {
        publisher.publish(TestStream.events(1, 5));
        EventPublisher successor = new EventPublisher(stream.connection, stream.settings);
        successor.publish(TestStream.events(6, 8));

        // The old publisher still believes the stream ends at 5: JetStream drops 6..8 by event id.
        EventPublisher.Published late = publisher.publish(TestStream.events(6, 10));

        assertThat(late.duplicates()).isEqualTo(3);
        assertThat(late.stored()).isEqualTo(2);
        List<Message> received = TestStream.fetch(stream.pullConsumer(), 10);
        assertThat(received).extracting(m -> EventHeaders.sequence(m.getHeaders()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void givenLostConnection_whenPublishingOrReadingCheckpoint_thenRetryableEventStreamException() throws Exception {
        Connection own = Nats.connect(TestStream.NATS_URL);
        EventPublisher cut = new EventPublisher(own, stream.settings);
        cut.publish(TestStream.events(1, 2));
        own.close();

        assertThatThrownBy(() -> cut.publish(TestStream.events(3, 4))).isInstanceOf(EventStreamException.class);
        assertThatThrownBy(cut::lastPublishedSequence).isInstanceOf(EventStreamException.class);
        assertThat(publisher.lastPublishedSequence()).isEqualTo(2);
    }

    @Test
    void givenCheckpoint_whenBatchWouldLeaveAGap_thenRefusedAndNothingStored() throws Exception {
        publisher.publish(TestStream.events(1, 3));

        assertThatThrownBy(() -> publisher.publish(TestStream.events(5, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected event 4 next, got 5");
        assertThat(stream.messageCount()).isEqualTo(3);
    }

    @Test
    void givenForeignMessageInStream_whenPublishing_thenRefusedWithoutGapAndCheckpointNamesTheIntruder() throws Exception {
        publisher.publish(TestStream.events(1, 3));
        stream.js.publish(stream.settings.subjectPrefix() + ".tx.intruder.v1", "{}".getBytes(StandardCharsets.UTF_8));

        // Event 4 expects the stream to end at event 3; 5 and 6 expect event 4 before them. All refused.
        assertThatThrownBy(() -> publisher.publish(TestStream.events(4, 6)))
                .isInstanceOf(EventStreamException.class)
                .hasMessageContaining("event 4");
        assertThat(stream.messageCount()).isEqualTo(4);
        assertThatThrownBy(() -> publisher.lastPublishedSequence())
                .isInstanceOf(IncompatibleStreamException.class)
                .hasMessageContaining("something other than the publisher");
    }

    @Test
    void givenForeignMessageDeletedByOperator_whenBatchRetried_thenPublisherGoesOnWithoutGap() throws Exception {
        publisher.publish(TestStream.events(1, 3));
        long intruder = stream.js.publish(stream.settings.subjectPrefix() + ".tx.intruder.v1", new byte[0]).getSeqno();
        assertThatThrownBy(() -> publisher.publish(TestStream.events(4, 6))).isInstanceOf(EventStreamException.class);

        stream.jsm.deleteMessage(stream.settings.streamName(), intruder);
        EventPublisher.Published retried = publisher.publish(TestStream.events(4, 6));

        assertThat(retried).isEqualTo(new EventPublisher.Published(3, 0, 0, 6));
        assertThat(TestStream.fetch(stream.pullConsumer(), 6)).extracting(m -> EventHeaders.sequence(m.getHeaders()))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    private static void assertMessageCarries(Message m, EventRecord e) {
        Headers h = m.getHeaders();
        assertThat(m.getSubject()).endsWith(e.type().equals("Posted.v1") ? ".tx.posted.v1" : ".tx.funds_held.v1");
        assertThat(h.getFirst(EventHeaders.EVENT_ID)).isEqualTo(e.eventId());
        assertThat(h.getFirst(EventHeaders.SEQUENCE)).isEqualTo(Long.toString(e.sequence()));
        assertThat(h.getFirst(EventHeaders.STREAM)).isEqualTo(e.streamId());
        assertThat(h.getFirst(EventHeaders.STREAM_VERSION)).isEqualTo(Long.toString(e.streamVersion()));
        assertThat(h.getFirst(EventHeaders.TYPE)).isEqualTo(e.type());
        assertThat(h.getFirst(EventHeaders.CORRELATION_ID)).isEqualTo(e.correlationId());
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo(e.payloadJson());
        assertThat(m.metaData().streamSequence()).isEqualTo(e.sequence());
    }
}
