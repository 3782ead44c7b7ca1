package io.crowdpay.replicator.jetstream;

import io.crowdpay.replicator.EventRecord;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamInfo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One test's own stream on the machine's real nats-server: a random stream name and subject prefix,
 * so tests run in any order and beside other runs, and the stream is deleted on close.
 */
final class TestStream implements AutoCloseable {

    static final String NATS_URL = System.getProperty("crowdpay.test.natsUrl", "nats://127.0.0.1:4222");
    /** Small enough that concurrent runs do not exhaust the server's storage reservation. */
    static final long TEST_BYTES_MAX = 64L * 1024 * 1024;
    /** A bounded wait for deliveries: generous, and only reached when something is wrong. */
    static final Duration DELIVERY_WAIT_MAX = Duration.ofSeconds(5);

    final Connection connection;
    final JetStreamManagement jsm;
    final JetStream js;
    final StreamSettings settings;

    TestStream() throws IOException, InterruptedException {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.connection = Nats.connect(new Options.Builder().server(NATS_URL).connectionTimeout(Duration.ofSeconds(5)).build());
        this.jsm = connection.jetStreamManagement();
        this.js = connection.jetStream();
        this.settings = StreamSettings.defaults()
                .withNames("CROWDPAY_EVENTS_T" + suffix.toUpperCase(), "t" + suffix + ".crowdpay")
                .withBytesMax(TEST_BYTES_MAX);
    }

    EventPublisher openPublisher() throws EventStreamException {
        EventStream.ensureStream(jsm, settings);
        return new EventPublisher(connection, settings);
    }

    StreamInfo info() throws IOException, JetStreamApiException {
        return jsm.getStreamInfo(settings.streamName());
    }

    long messageCount() throws IOException, JetStreamApiException {
        return info().getStreamState().getMsgCount();
    }

    /** An ephemeral pull consumer on every event subject, from the start, acked one by one. */
    JetStreamSubscription pullConsumer() throws IOException, JetStreamApiException {
        ConsumerConfiguration consumer = ConsumerConfiguration.builder().ackPolicy(AckPolicy.Explicit).build();
        return js.subscribe(settings.eventSubjects().all(),
                PullSubscribeOptions.builder().stream(settings.streamName()).configuration(consumer).build());
    }

    /** Fetches until {@code count} messages arrived or the bounded wait ran out. */
    static List<Message> fetch(JetStreamSubscription sub, int count) {
        List<Message> received = new ArrayList<>(count);
        long deadline = System.nanoTime() + DELIVERY_WAIT_MAX.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            received.addAll(sub.fetch(count - received.size(), Duration.ofMillis(500)));
        }
        return received;
    }

    /**
     * Events {@code from..to} of two interleaved transactions (odd sequences in tx_a, even in tx_b),
     * each with its stream version, alternating types, a correlation id on all but every fifth.
     */
    static List<EventRecord> events(long from, long to) {
        List<EventRecord> events = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            String stream = seq % 2 == 1 ? "tx_a" : "tx_b";
            long version = (seq + 1) / 2;
            String type = seq % 3 == 0 ? "Posted.v1" : "FundsHeld.v1";
            String correlation = seq % 5 == 0 ? null : "corr-" + seq;
            events.add(new EventRecord(seq, EventRecord.idFor(seq), stream, version, type,
                    "{\"amount\":\"" + seq + "00\",\"note\":\"caf\u00e9\"}", 1000 + seq, 1_700_000_000_000L + seq, correlation));
        }
        return events;
    }

    @Override
    public void close() {
        try {
            jsm.deleteStream(settings.streamName());
        } catch (JetStreamApiException notThere) {
            // A test that never created its stream (or deleted it) has nothing to clean up.
        } catch (IOException e) {
            throw new IllegalStateException("could not delete test stream " + settings.streamName(), e);
        } finally {
            closeConnection();
        }
    }

    private void closeConnection() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
