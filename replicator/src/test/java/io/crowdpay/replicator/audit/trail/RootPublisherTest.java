package io.crowdpay.replicator.audit.trail;

import static io.crowdpay.replicator.audit.trail.TrailFixtures.KEYS;
import static io.crowdpay.replicator.audit.trail.TrailFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crowdpay.replicator.EventRecord;
import io.crowdpay.replicator.audit.AuditSigner;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.StoredRoot;
import io.crowdpay.replicator.jetstream.IncompatibleStreamException;
import io.crowdpay.replicator.postgres.Schema;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Publication of the roots to the real nats-server (JetStream): each root arrives once, in order,
 * also across restarts, a closed connection and a staged outage; a stream that is not this trail's
 * record is refused.
 */
class RootPublisherTest {

    private static final String NATS_URL = System.getProperty("crowdpay.test.natsUrl", "nats://127.0.0.1:4222");
    private static final AuditConsumer.Settings BATCHES_OF_4 = AuditConsumer.Settings.DEFAULTS.withBatchEventsMax(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong clock = new AtomicLong(T0);
    private final List<Connection> connections = new ArrayList<>();
    private Schema schema;
    private RootPublisher.Settings settings;
    private JetStreamManagement jsm;

    @BeforeEach
    void setUp() throws Exception {
        schema = TrailFixtures.migratedSchema();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        settings = RootPublisher.Settings.defaults().withNames("CROWDPAY_AUDIT_T" + suffix.toUpperCase(),
                "t" + suffix + ".crowdpay.audit.root.v1");
        settings = new RootPublisher.Settings(settings.streamName(), settings.subject(), 1, settings.duplicateWindow(),
                16L * 1024 * 1024, Duration.ofMillis(500));
        jsm = connect(NATS_URL).jetStreamManagement();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            jsm.deleteStream(settings.streamName());
        } catch (JetStreamApiException neverCreated) {
            // A test that failed before its first publication has no stream to delete.
        }
        for (Connection connection : connections) {
            connection.close();
        }
        TrailFixtures.drop(schema);
    }

    private Connection connect(String url) throws IOException, InterruptedException {
        Connection connection = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(2))
                .reconnectWait(Duration.ofMillis(50)).maxReconnects(-1).build());
        connections.add(connection);
        return connection;
    }

    private AuditConsumer consumer(Connection nats) throws SQLException {
        return new AuditConsumer(AuditStore.open(TrailFixtures.URL, schema), new AuditSigner(KEYS),
                new RootPublisher(nats, settings), BATCHES_OF_4, clock::get);
    }

    private List<StoredRoot> storedRoots() throws SQLException {
        try (AuditStore store = AuditStore.open(TrailFixtures.URL, schema)) {
            return store.rootsAfter(0, 1_000);
        }
    }

    /** Every message in the stream, in stream order. */
    private List<MessageInfo> published() throws IOException, JetStreamApiException {
        long last = jsm.getStreamInfo(settings.streamName()).getStreamState().getLastSequence();
        List<MessageInfo> messages = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            messages.add(jsm.getMessage(settings.streamName(), seq));
        }
        return messages;
    }

    private List<Long> publishedBatches() throws IOException, JetStreamApiException {
        return published().stream().map(m -> Long.parseLong(m.getHeaders().getFirst(RootPublisher.BATCH_HEADER))).toList();
    }

    @Test
    void givenSealedBatches_whenPublished_thenEachRootArrivesOnceInOrderWithEveryField() throws Exception {
        List<EventRecord> events = TrailFixtures.syntheticEvents(1, 13);
        try (AuditConsumer audit = consumer(connect(NATS_URL))) {
            audit.checkpoint();
            audit.deliver(events.subList(0, 6));
            audit.deliver(events.subList(6, 13));
            assertThat(audit.unpublishedRoots()).isZero();
            assertThat(audit.publicationFailure()).isNull();
        }

        List<StoredRoot> stored = storedRoots();
        List<MessageInfo> messages = published();
        assertThat(publishedBatches()).containsExactly(1L, 2L, 3L);
        for (int i = 0; i < messages.size(); i++) {
            SignedRoot root = stored.get(i).root();
            JsonNode body = JSON.readTree(messages.get(i).getData());
            assertThat(messages.get(i).getSubject()).isEqualTo(settings.subject());
            assertThat(messages.get(i).getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("audit-root-" + root.batchNumber());
            SignedRoot fromMessage = new SignedRoot(body.get("batch_number").asLong(), body.get("first_sequence").asLong(),
                    body.get("last_sequence").asLong(), body.get("leaf_count").asInt(), body.get("merkle_root").asText(),
                    body.get("chain_head").asText(), body.get("key_id").asText(), body.get("signature").asText());
            assertThat(fromMessage).isEqualTo(root);
            assertThat(fromMessage.isSignedBy(KEYS.getPublic())).isTrue();
            assertThat(body.get("signed_at").asText()).isEqualTo(java.time.Instant.ofEpochMilli(T0).toString());
            assertThat(body.get("format").asText()).isEqualTo("crowdpay.audit.root.v1");
        }
    }

    @Test
    void givenPublishedRoots_whenTheAuditRestartsAndEverythingIsRedelivered_thenNothingIsPublishedTwice() throws Exception {
        List<EventRecord> events = TrailFixtures.syntheticEvents(1, 9);
        try (AuditConsumer audit = consumer(connect(NATS_URL))) {
            audit.checkpoint();
            audit.deliver(events);
        }
        try (AuditConsumer restarted = consumer(connect(NATS_URL))) {
            restarted.checkpoint();
            restarted.deliver(events);
            restarted.tick(clock.get());
            assertThat(restarted.unpublishedRoots()).isZero();
        }
        assertThat(publishedBatches()).containsExactly(1L, 2L);
    }

    @Test
    void givenAClosedConnection_whenBatchesSeal_thenRootsStayPendingAndArePublishedOnceWhenNatsIsBack() throws Exception {
        List<EventRecord> events = TrailFixtures.syntheticEvents(1, 12);
        Connection first = connect(NATS_URL);
        try (AuditConsumer audit = consumer(first)) {
            audit.checkpoint();
            audit.deliver(events.subList(0, 4));
            assertThat(publishedBatches()).containsExactly(1L);

            first.close();
            assertThat(audit.deliver(events.subList(4, 12))).isEqualTo(12);
            clock.addAndGet(60_000);
            audit.tick(clock.get());

            assertThat(storedRoots()).hasSize(3);
            assertThat(audit.publicationFailure()).isNotNull();
            assertThat(audit.unpublishedRoots()).isEqualTo(-1);
            assertThat(publishedBatches()).containsExactly(1L);
        }
        try (AuditConsumer restarted = consumer(connect(NATS_URL))) {
            restarted.checkpoint();
            restarted.tick(clock.get());
            assertThat(restarted.unpublishedRoots()).isZero();
        }
        assertThat(publishedBatches()).containsExactly(1L, 2L, 3L);
    }

    /**
     * Was quarantined: in about 1 run of 8 the connection that reconnected through the proxy reported
     * CONNECTED yet answered no JetStream request for the whole retry budget (47 s). That was jnats
     * 2.24.1's reconnect race (nats-io/nats.java#1522: its writer stuck on the empty reconnect queue),
     * fixed in the jnats the build uses now. Deliberately without the service's ConnectionWatchdog, so
     * that a return of the race fails here rather than being healed.
     */
    @Test
    void givenANatsOutage_whenTheClientReconnects_thenPendingRootsArePublishedOnTickInOrderAndOnce() throws Exception {
        List<EventRecord> events = TrailFixtures.syntheticEvents(1, 16);
        URI nats = URI.create(NATS_URL);
        try (TcpProxy proxy = TcpProxy.to(nats.getHost(), nats.getPort())) {
            Connection connection = connect(proxy.url());
            try (AuditConsumer audit = consumer(connection)) {
                audit.checkpoint();
                audit.deliver(events.subList(0, 4));
                assertThat(publishedBatches()).containsExactly(1L);

                proxy.cut();
                audit.deliver(events.subList(4, 12)); // batches 2 and 3 sealed; their publication times out
                assertThat(audit.publicationFailure()).isNotNull();
                assertThat(storedRoots()).hasSize(3);

                proxy.restore();
                awaitConnected(connection);
                connection.flush(Duration.ofSeconds(5)); // a full round trip: the reconnect is done, not just begun
                audit.deliver(events.subList(12, 16)); // batch 4, sealed during the back-off: stored, not yet sent
                assertThat(audit.unpublishedRoots()).isEqualTo(-1);
                tickUntilPublished(audit);

                assertThat(audit.publicationFailure()).isNull();
                assertThat(audit.unpublishedRoots()).isZero();
            }
        }
        assertThat(publishedBatches()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void givenAStreamEndingWithARootThisTrailDoesNotHold_whenPublishing_thenRefusedAndRootsStayPending() throws Exception {
        Connection connection = connect(NATS_URL);
        try (AuditConsumer other = consumer(connection)) {
            other.checkpoint();
            other.deliver(TrailFixtures.syntheticEvents(1, 8)); // another deployment's trail published batches 1 and 2
        }
        TrailFixtures.drop(schema);
        schema = TrailFixtures.migratedSchema(); // this trail was rebuilt: its batch 1 and 2 differ (other events)
        List<EventRecord> different = TrailFixtures.syntheticEvents(1, 8).stream()
                .map(e -> new EventRecord(e.sequence(), e.eventId(), e.streamId(), e.streamVersion(), e.type(),
                        e.payloadJson(), e.journalIndex() + 1, e.atMillis(), e.correlationId()))
                .toList();
        try (AuditConsumer rebuilt = consumer(connection); AuditStore store = AuditStore.open(TrailFixtures.URL, schema)) {
            rebuilt.checkpoint();
            rebuilt.deliver(different);
            assertThat(rebuilt.publicationFailure()).contains("ends with batch 2").contains("holds with another root");
            assertThatThrownBy(() -> new RootPublisher(connection, settings).publishPending(store, 10))
                    .isInstanceOf(IncompatibleStreamException.class);
        }
        assertThat(publishedBatches()).containsExactly(1L, 2L);
    }

    /**
     * Ticks past each back-off until JetStream has taken every root. The first attempt after the
     * reconnect normally succeeds; a few more are allowed because the machine's nats-server is shared
     * and may itself be restarting (another suite stages outages of it). Bounded, never a timing assertion.
     */
    private void tickUntilPublished(AuditConsumer audit) throws Exception {
        for (int attempt = 0; attempt < 20 && audit.unpublishedRoots() != 0; attempt++) {
            clock.addAndGet(AuditConsumer.Settings.DEFAULTS.publishRetryMillisMax());
            audit.tick(clock.get());
            if (audit.unpublishedRoots() != 0) {
                Thread.sleep(250);
            }
        }
    }

    private static void awaitConnected(Connection connection) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (connection.getStatus() != Connection.Status.CONNECTED) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the client did not reconnect through the restored proxy within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
