package io.crowdpay.replicator.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read model's payload reader gives back exactly the tree Jackson wrote, and refuses what is not JSON. */
class PayloadTest {

    private static final ObjectMapper JACKSON = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    @Property(tries = 1_000)
    void readsBackWhatJacksonWrote(@ForAll("payloads") TreeMap<String, Object> payload) throws Exception {
        String json = JACKSON.writeValueAsString(payload);

        assertThat(plain(Payload.parse(json))).isEqualTo(payload);
        assertThat(plain(Payload.parse(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(payload))))
                .as("whitespace between tokens").isEqualTo(payload);
    }

    @Property(tries = 1_000)
    void anyStringSurvives(@ForAll String text) throws Exception {
        String json = JACKSON.writeValueAsString(Map.of("k", text));

        assertThat(Payload.parse(json).textOrNull("k")).isEqualTo(text);
    }

    @org.junit.jupiter.api.Test
    void escapesAndScalarsReadAsJsonMeansThem() {
        Payload p = Payload.parse("{\"a\":\"x\\u0041\\/\\\"\\\\\\n\",\"b\":-42,\"c\":true,\"d\":null,\"e\":{},\"f\":[]}");

        assertThat(p.textOrNull("a")).isEqualTo("xA/\"\\\n");
        assertThat(p.get("b")).isEqualTo(-42L);
        assertThat(p.textOrNull("b")).isEqualTo("-42");
        assertThat(p.textOrNull("c")).isEqualTo("true");
        assertThat(p.has("d")).isFalse();
        assertThat(p.textOrNull("d")).isNull();
        assertThat(p.object("e")).isNotNull();
        assertThat(p.list("f")).isEmpty();
        assertThat(p.has("missing")).isFalse();
        assertThatThrownBy(() -> p.object("a")).hasMessageContaining("not an object");
        assertThatThrownBy(() -> p.textOrNull("e")).hasMessageContaining("not a scalar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"x\"", "{", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{\"a\":1.5}", "{\"a\":1e3}",
            "{\"a\":01}", "{\"a\":-}", "{\"a\":\"x}", "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":tru}", "{} {}",
            "{\"a\":99999999999999999999}", "{\"a\":\"\u0001\"}", "{a:1}", "{\"a\":[1 2]}"})
    void refusesWhatIsNotAJsonObjectOfIntegers(String text) {
        assertThatThrownBy(() -> Payload.parse(text)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("payload is not valid");
    }

    @org.junit.jupiter.api.Test
    void refusesNestingBeyondItsBound() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);

        assertThatThrownBy(() -> Payload.parse(deep)).hasMessageContaining("nested deeper");
    }

    /** The parsed payload as the plain Java tree it came from. */
    private static Object plain(Object value) {
        if (value instanceof Payload p) {
            TreeMap<String, Object> map = new TreeMap<>();
            p.forEach((k, v) -> map.put(k, plain(v)));
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(plain(v)));
            return out;
        }
        return value;
    }

    @Provide
    Arbitrary<TreeMap<String, Object>> payloads() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().map(n -> (Object) n), Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> inner = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), scalar)
                .ofMaxSize(4).map(m -> (Object) new TreeMap<>(m));
        Arbitrary<Object> list = Arbitraries.oneOf(scalar, inner).list().ofMaxSize(3).map(l -> (Object) l);
        return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(10), Arbitraries.oneOf(scalar, inner, list))
                .ofMaxSize(8).map(TreeMap::new);
    }
}
