package io.crowdpay.gateway.http;

import static io.crowdpay.gateway.http.TestService.j;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.eventbus.EventBus;
import io.crowdpay.eventbus.TransactionFailed;
import io.crowdpay.eventbus.TransactionSettled;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, point 4: the EventBus client on the real NATS, fed by the real service: handlers get each
 * settled and failed transaction once; a handler that throws gets its event again; a subscriber
 * restarted with the same durable name goes on where it stopped, without replaying what it handled.
 */
class EventBusTest {

    private static final String NATS = "nats://127.0.0.1:4222";

    @TempDir
    Path dir;

    private final String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private final String stream = "BUS_" + suffix.toUpperCase(Locale.ROOT);
    private final String prefix = "bus" + suffix;
    private TestService svc;

    @AfterEach
    void stop() throws Exception {
        if (svc != null) {
            svc.close();
        }
        try (Connection c = Nats.connect(NATS)) {
            c.jetStreamManagement().deleteStream(stream);
        } catch (JetStreamApiException absent) {
            // never made
        }
    }

    private EventBus bus() {
        return EventBus.builder(NATS).stream(stream, prefix).durable("test-" + suffix).build();
    }

    private String transfer(TestService.Pod pod, int i) {
        return svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TRANSFER','pod_id':'%s','amount':{'currency':'EUR','value':'1.00'},"
                + "'beneficiary_wallet_id':'%s'}", pod.id(), pod.beneficiaryWallet()), "Idempotency-Key", "t" + i,
                "X-Correlation-Id", "bus-" + i).json().get("transaction_id").asText();
    }

    private static void await(java.util.function.BooleanSupplier done) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!done.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("events arrived in time").isLessThan(deadline);
            TestService.pause(20);
        }
    }

    @Test
    void givenTheServicesEvents_whenSubscribedByType_thenEachSettledAndFailedTransactionArrivesOnce() throws Exception {
        svc = TestService.start(dir, TestService.RELAXED_VELOCITY, Map.of("MESSAGE_BROKER_URL", NATS, "JETSTREAM_STREAM", stream,
                "JETSTREAM_SUBJECT_PREFIX", prefix));
        TestService.Pod pod = svc.fundedPod("100.00");
        List<TransactionSettled> settled = new CopyOnWriteArrayList<>();
        List<TransactionFailed> failed = new CopyOnWriteArrayList<>();
        AtomicBoolean failOnce = new AtomicBoolean(true);
        Set<String> transfers = ConcurrentHashMap.newKeySet();

        try (EventBus bus = bus()) {
            bus.subscribe(TransactionSettled.class, e -> {
                if (transfers.contains(e.transactionId()) && failOnce.getAndSet(false)) {
                    throw new IllegalStateException("the handler's database is briefly down");
                }
                settled.add(e);
            });
            bus.subscribe(TransactionFailed.class, failed::add);
            bus.start();
            for (int i = 0; i < 20; i++) {
                transfers.add(transfer(pod, i));
            }
            String declined = svc.post("/v1/transactions", pod.ownerToken(), j("{'type':'TOP_UP','pod_id':'%s','amount':{'currency':'EUR',"
                    + "'value':'5.00'},'metadata':{'simulate_leg':'fail'}}", pod.id()), "Idempotency-Key", "declined")
                    .json().get("transaction_id").asText();

            await(() -> settled.stream().filter(e -> transfers.contains(e.transactionId())).count() == 20 && failed.size() == 1);
            assertThat(failed.getFirst().transactionId()).isEqualTo(declined);
            assertThat(failed.getFirst().reason()).isEqualTo("simulated funding failure");
        }
        assertThat(settled.stream().map(TransactionSettled::eventId).distinct().count()).as("no event twice").isEqualTo(settled.size());
        assertThat(settled).filteredOn(e -> transfers.contains(e.transactionId()))
                .allSatisfy(e -> assertThat(e.correlationId()).startsWith("bus-"));

        List<TransactionSettled> afterRestart = new CopyOnWriteArrayList<>();
        try (EventBus again = bus()) {
            again.subscribe(TransactionSettled.class, afterRestart::add);
            again.start();
            String more = transfer(pod, 99);
            await(() -> afterRestart.stream().anyMatch(e -> e.transactionId().equals(more)));
            TestService.pause(300);
        }
        assertThat(afterRestart).as("the durable consumer resumes after what it handled").hasSize(1);
    }
}
