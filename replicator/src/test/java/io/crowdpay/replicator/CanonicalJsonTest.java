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

    @Test
    void everyEventOfTheScenarioIsWrittenAsJacksonWritesIt() throws Exception {
        Engine engine = new Engine();
        long time = 1_767_225_600_000L;
        int events = 0;
        for (Command command : EventRecordsTest.scenario()) {
            engine.apply(command, time++);
            for (Event event : engine.events()) {
                Map<String, Object> payload = EventRecords.payload(event);
                assertThat(EventRecords.json(payload)).isEqualTo(JACKSON.writeValueAsString(payload));
                events++;
            }
        }
        assertThat(events).isGreaterThan(10);
    }
}
