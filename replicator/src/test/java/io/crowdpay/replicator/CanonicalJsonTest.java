package io.crowdpay.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crowdpay.engine.Engine;
import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The hand-written canonical writer must give the bytes Jackson gives for the same sorted tree: the
 * audit hashes them, so "almost the same" would be a tampering alarm on every event.
 */
class CanonicalJsonTest {

    private static final ObjectMapper JACKSON = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    @Property(tries = 2_000)
    void anyStringIsEscapedAsJacksonEscapesIt(@ForAll String text, @ForAll long number, @ForAll boolean flag) throws Exception {
        TreeMap<String, Object> inner = new TreeMap<>(Map.of("z" + text, text, "a", number));
        TreeMap<String, Object> payload = new TreeMap<>(Map.of("text", text, "n", number, "flag", flag, "inner", inner,
                "list", List.of(text, inner)));
        assertThat(CanonicalJson.write(payload)).isEqualTo(JACKSON.writeValueAsString(payload));
    }

    @Property(tries = 1_000)
    void anyTextInAnEventIsWrittenAsJacksonWritesTheReferencePayload(@ForAll String description, @ForAll String reason,
                                                                     @ForAll String metadataKey, @ForAll String metadataValue,
                                                                     @ForAll long atMillis) throws Exception {
        var id = new io.crowdpay.engine.transaction.TransactionId("tx_p");
        var eur = io.crowdpay.engine.money.Currency.ofCode("EUR");
        var initiate = new Command.Initiate(id, new io.crowdpay.engine.user.UserId("alice"), "k", io.crowdpay.engine.transaction.TransactionType.TRANSFER,
                new io.crowdpay.engine.pod.PodId("trip"), new io.crowdpay.engine.money.Money(1_234, eur), null,
                new io.crowdpay.engine.wallet.WalletId("bob"), null, null, null, description,
                new TreeMap<>(Map.of(metadataKey, metadataValue, "order", "ord_1")), reason);
        var tx = new io.crowdpay.engine.transaction.Transaction(initiate, new io.crowdpay.engine.wallet.WalletId("pw_trip"),
                new io.crowdpay.engine.wallet.WalletId("bob"), null, io.crowdpay.engine.transaction.TransactionStatus.PENDING, null, 1, 1);
        for (Event event : List.of(new Event.TransactionInitiated(tx, atMillis), new Event.TransactionFailed(id, "T004", reason, atMillis),
                new Event.LegCompleted(id, io.crowdpay.engine.transaction.Leg.FX, false, reason, atMillis),
                new Event.CompensationApplied(id, description, reason, atMillis))) {
            assertThat(EventRecords.json(event)).isEqualTo(JACKSON.writeValueAsString(ReferencePayloads.of(event)));
        }
    }

    @Test
    void everyEventOfTheScenarioIsWrittenAsJacksonWritesIt() throws Exception {
        Engine engine = new Engine();
        long time = 1_767_225_600_000L;
        int events = 0;
        for (Command command : EventRecordsTest.scenario()) {
            engine.apply(command, time++);
            for (Event event : engine.events()) {
                assertThat(EventRecords.json(event)).isEqualTo(JACKSON.writeValueAsString(ReferencePayloads.of(event)));
                events++;
            }
        }
        assertThat(events).isGreaterThan(10);
    }
}
