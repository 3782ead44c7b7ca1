package io.crowdpay.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crowdpay.gateway.Infra;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, point 5, against this machine's real servers: PostgreSQL and NATS are stopped and started
 * in the middle of a load. The API keeps accepting, /readyz names the consumer that is behind, and
 * afterwards every consumer holds exactly the journal's events: no gap, no duplicate. Past the lag
 * bound, the gateway sheds new commands with T003 and takes them again once the consumer caught up.
 */
class DownstreamOutageTest {

    private static final String DB = "postgresql://postgres@127.0.0.1:5432/test";
    private static final String NATS = "nats://127.0.0.1:4222";

    @TempDir
    Path dir;

    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String schema = "outage_" + suffix;
    private final String readSchema = "outage_rm_" + suffix;
    private final String stream = "OUTAGE_" + suffix.toUpperCase(Locale.ROOT);
    private TestService svc;

    private Map<String, String> env(boolean database, long lagMax) {
        Map<String, String> env = new HashMap<>();
        if (database) {
            env.put("DATABASE_URL", DB);
            env.put("EVENT_STORE_SCHEMA", schema);
            env.put("READ_MODEL_SCHEMA", readSchema);
        }
        env.put("MESSAGE_BROKER_URL", NATS);
        env.put("JETSTREAM_STREAM", stream);
        env.put("JETSTREAM_SUBJECT_PREFIX", "outage" + suffix);
        env.put("DOWNSTREAM_LAG_EVENTS_MAX", Long.toString(lagMax));
        env.put("AUDIT_PARTIAL_BATCH_MS", "200");
        return env;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (!Infra.isOpen(Infra.NATS_PORT)) {
            Infra.startNats();
        }
        if (!Infra.isOpen(Infra.POSTGRES_PORT)) {
            Infra.startPostgres();
        }
        if (svc != null) {
            svc.close();
        }
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             var st = c.createStatement()) {
            st.execute("drop schema if exists " + schema + " cascade");
            st.execute("drop schema if exists " + readSchema + " cascade");
        }
        try (Connection nats = Nats.connect(NATS)) {
            for (String name : List.of(stream, stream + "_AUDIT")) {
                try {
                    nats.jetStreamManagement().deleteStream(name);
                } catch (JetStreamApiException notThere) {
                    // the test ended before this stream was made
                }
            }
        }
    }

    /** Transfers from their own pods on a few threads, counting answers by status. */
    private final class Load implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = new ArrayList<>();

        Load(int threadCount) {
            for (int t = 0; t < threadCount; t++) {
                TestService.Pod pod = svc.fundedPod("10000");
                Thread thread = new Thread(() -> {
                    int n = 0;
                    while (running.get()) {
                        TestService.Resp r = svc.post("/v1/transactions", pod.ownerToken(),
                                "{\"type\":\"TRANSFER\",\"pod_id\":\"" + pod.id() + "\",\"amount\":{\"currency\":\"EUR\",\"value\":\"0.01\"},"
                                        + "\"beneficiary_wallet_id\":\"" + pod.beneficiaryWallet() + "\"}",
                                "Idempotency-Key", "load-" + n++);
                        statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                        if (r.status() == 202) {
                            accepted.add(r.json().get("transaction_id").asText());
                        }
                        TestService.pause(5);
                    }
                });
                thread.start();
                threads.add(thread);
            }
        }

        int count(int status) {
            AtomicInteger n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    private JsonNode readyz() {
        return svc.get("/readyz", null).json();
    }

    private JsonNode consumer(String name) {
        for (JsonNode c : readyz().get("consumers")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no consumer " + name + " in " + readyz());
    }

    /** Polls /readyz until the consumer's state is the one wanted (and, when failing, it is behind). */
    private JsonNode awaitConsumer(String name, String state) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            JsonNode c = consumer(name);
            if (c.get("state").asText().equals(state) && (state.equals("ok") || c.get("lag").asLong() > 0)) {
                return c;
            }
            assertThat(System.currentTimeMillis()).as("consumer %s never became %s: %s", name, state, c).isLessThan(deadline);
            TestService.pause(50);
        }
    }

    /** Waits until every consumer has stored everything; answers the log's head. */
    private long awaitAllCaughtUp() {
        long deadline = System.currentTimeMillis() + 90_000;
        while (true) {
            JsonNode ready = readyz();
            boolean all = true;
            long head = -1;
            for (JsonNode c : ready.get("consumers")) {
                all &= c.get("lag").asLong() == 0 && c.get("state").asText().equals("ok");
                head = Math.max(head, c.get("checkpoint").asLong());
            }
            if (all) {
                return head;
            }
            assertThat(System.currentTimeMillis()).as("consumers never caught up: %s", ready).isLessThan(deadline);
            TestService.pause(100);
        }
    }

    private StreamInfo streamInfo() throws IOException, InterruptedException, JetStreamApiException {
        try (Connection nats = Nats.connect(NATS)) {
            return nats.jetStreamManagement().getStreamInfo(stream);
        }
    }

    @Test
    void givenPostgresAndNatsStoppedMidLoad_whenTheyReturn_thenTheApiNeverStoppedAndEveryConsumerHoldsExactlyTheJournalsEvents()
            throws Exception {
        svc = TestService.start(dir, TestService.RELAXED_VELOCITY, env(true, 2_000_000));
        try (Load load = new Load(3)) {
            TestService.pause(1_000);
            Infra.stopNats();
            JsonNode behind = awaitConsumer("jetstream", "failing");
            assertThat(behind.get("failure").asText()).isNotBlank();
            assertThat(svc.get("/readyz", null).status()).as("within the lag bound the service stays ready").isEqualTo(200);
            TestService.pause(1_500);
            Infra.startNats();
            Infra.stopPostgres();
            awaitConsumer("event-store", "failing");
            TestService.pause(1_500);
            Infra.startPostgres();
            TestService.pause(1_000);
            load.close();
            assertThat(load.count(202)).isGreaterThan(100);
            assertThat(load.statuses.keySet()).as("every answer during the outages: %s", load.statuses).containsOnly(202);
        }
        long head = awaitAllCaughtUp();

        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             var st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*), count(distinct global_sequence), min(global_sequence),"
                     + " max(global_sequence) from " + schema + ".events")) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows").isEqualTo(head);
            assertThat(rs.getLong(2)).as("distinct sequences").isEqualTo(head);
            assertThat(rs.getLong(3)).isEqualTo(1);
            assertThat(rs.getLong(4)).isEqualTo(head);
        }
        StreamInfo info = streamInfo();
        assertThat(info.getStreamState().getMsgCount()).as("messages in the stream").isEqualTo(head);
        assertThat(info.getStreamState().getFirstSequence()).isEqualTo(1);
        assertThat(info.getStreamState().getLastSequence()).as("no message stored twice or skipped").isEqualTo(head);

        // The audit's signed roots, stored in PostgreSQL, reach their stream once each, NATS outage or not.
        long deadline = System.currentTimeMillis() + 60_000;
        long roots;
        long published;
        do {
            TestService.pause(200);
            try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                 var st = c.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from " + schema + ".audit_roots")) {
                rs.next();
                roots = rs.getLong(1);
            }
            try (Connection nats = Nats.connect(NATS)) {
                published = nats.jetStreamManagement().getStreamInfo(stream + "_AUDIT").getStreamState().getMsgCount();
            }
        } while (published != roots && System.currentTimeMillis() < deadline);
        assertThat(roots).isPositive();
        assertThat(published).as("audit roots published, once each").isEqualTo(roots);
    }

    @Test
    void givenNatsDownPastTheLagBound_whenClientsGoOn_thenNewCommandsAreShedWithT003UntilItCatchesUp() throws Exception {
        svc = TestService.start(dir, TestService.RELAXED_VELOCITY, env(false, 1_000));
        TestService.Pod pod = svc.fundedPod("10000");
        awaitAllCaughtUp();
        Infra.stopNats();
        TestService.Resp shed = null;
        String lastAccepted = null;
        for (int i = 0; i < 3_000 && shed == null; i++) {
            TestService.Resp r = svc.post("/v1/transactions", pod.ownerToken(),
                    "{\"type\":\"TRANSFER\",\"pod_id\":\"" + pod.id() + "\",\"amount\":{\"currency\":\"EUR\",\"value\":\"0.01\"},"
                            + "\"beneficiary_wallet_id\":\"" + pod.beneficiaryWallet() + "\"}", "Idempotency-Key", "k" + i);
            if (r.status() == 202) {
                lastAccepted = r.json().get("transaction_id").asText();
            } else {
                shed = r;
            }
        }
        assertThat(shed).as("a command past the lag bound").isNotNull();
        JsonNode problem = TestService.assertProblem(shed, 503, "T003", "downstream_lagging");
        assertThat(problem.get("detail").asText()).contains("jetstream");
        TestService.Resp notReady = svc.get("/readyz", null);
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.json().get("reason").asText()).contains("jetstream");
        assertThat(svc.get("/v1/transactions/" + lastAccepted, pod.ownerToken()).status())
                .as("reads are not shed: GET by id stays read-your-writes").isEqualTo(200);

        Infra.startNats();
        long head = awaitAllCaughtUp();
        assertThat(svc.get("/readyz", null).status()).isEqualTo(200);
        TestService.Resp again = svc.post("/v1/transactions", pod.ownerToken(),
                "{\"type\":\"TRANSFER\",\"pod_id\":\"" + pod.id() + "\",\"amount\":{\"currency\":\"EUR\",\"value\":\"0.01\"},"
                        + "\"beneficiary_wallet_id\":\"" + pod.beneficiaryWallet() + "\"}", "Idempotency-Key", "after");
        assertThat(again.status()).isEqualTo(202);
        StreamInfo info = streamInfo();
        assertThat(info.getStreamState().getMsgCount()).isGreaterThanOrEqualTo(head);
        assertThat(info.getStreamState().getLastSequence()).isEqualTo(info.getStreamState().getMsgCount());
    }
}
