package io.crowdpay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The hand-written client id check must answer exactly as the documented pattern does. */
class IdsTest {

    @Property(tries = 5_000)
    void givenAnyString_whenChecked_thenTheLoopAgreesWithThePattern(@ForAll("ids") String id) {
        assertThat(Ids.isValidClientId(id)).isEqualTo(Ids.CLIENT_ID.matcher(id).matches());
    }

    @Test
    void givenTheEdges_whenChecked_thenLengthAndAlphabetAreEnforced() {
        assertThat(Ids.isValidClientId(null)).isFalse();
        assertThat(Ids.isValidClientId("")).isFalse();
        assertThat(Ids.isValidClientId("a".repeat(64))).isTrue();
        assertThat(Ids.isValidClientId("a".repeat(65))).isFalse();
        for (String bad : List.of("a b", "a/b", "é", "a.b", "a\n", "ａ")) {
            assertThat(Ids.isValidClientId(bad)).as(bad).isFalse();
        }
        assertThat(Ids.isValidClientId("usr_A-9_z")).isTrue();
    }

    @Provide
    Arbitrary<String> ids() {
        // Mostly the id alphabet, with a sprinkling of characters around its edges and beyond ASCII.
        Arbitrary<Character> chars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.chars().with("abcxyzABCXYZ0189_-")),
                net.jqwik.api.Tuple.of(1, Arbitraries.chars().with("/:@[`{.~ \u00e9\u0000\uff21")));
        return chars.list().ofMinSize(0).ofMaxSize(70).map(cs -> {
            StringBuilder b = new StringBuilder();
            cs.forEach(b::append);
            return b.toString();
        });
    }
}
