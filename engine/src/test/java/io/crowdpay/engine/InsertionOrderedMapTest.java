package io.crowdpay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's ordered table must behave exactly as the LinkedHashMap it replaced: same answers, same
 * iteration order (which snapshots and the state hash depend on), through growth, compaction and
 * removals anywhere.
 */
class InsertionOrderedMapTest {

    @Test
    void givenRandomOperations_whenComparedWithLinkedHashMap_thenAnswersAndOrderAreTheSame() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            Map<String, Long> expected = new LinkedHashMap<>();
            Map<String, Long> actual = new InsertionOrderedMap<>(random.nextInt(40));
            int keySpace = 10 + random.nextInt(3_000);
            for (int step = 0; step < 20_000; step++) {
                String key = "k" + random.nextInt(keySpace);
                long value = random.nextInt(100);
                switch (random.nextInt(8)) {
                    case 0, 1 -> assertThat(actual.put(key, value)).isEqualTo(expected.put(key, value));
                    case 2 -> assertThat(actual.remove(key)).isEqualTo(expected.remove(key));
                    case 3 -> assertThat(actual.merge(key, value, Long::sum)).isEqualTo(expected.merge(key, value, Long::sum));
                    case 4 -> {
                        assertThat(actual.get(key)).isEqualTo(expected.get(key));
                        assertThat(actual.containsKey(key)).isEqualTo(expected.containsKey(key));
                    }
                    case 5 -> removeOldest(actual, expected, random.nextInt(20));
                    case 6 -> assertThat(actual.merge(key, value, (a, b) -> null)).isEqualTo(expected.merge(key, value, (a, b) -> null));
                    default -> assertThat(actual.size()).isEqualTo(expected.size());
                }
                if (step % 1_000 == 0) {
                    assertThat(entries(actual)).isEqualTo(entries(expected));
                }
            }
            assertThat(entries(actual)).isEqualTo(entries(expected));
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
        }
    }

    @Test
    void givenNullKey_whenLookedUp_thenNothingIsFound() {
        Map<String, Long> map = new InsertionOrderedMap<>();
        map.put("a", 1L);
        assertThat(map.get(null)).isNull();
        assertThat(map.containsKey(null)).isFalse();
        assertThat(map.remove(null)).isNull();
    }

    @Test
    void givenEntriesRemovedFromTheMiddle_whenIteratorRemoves_thenOrderOfTheRestIsKept() {
        Map<String, Long> actual = new InsertionOrderedMap<>(4);
        Map<String, Long> expected = new LinkedHashMap<>();
        for (long i = 0; i < 100; i++) {
            actual.put("k" + i, i);
            expected.put("k" + i, i);
        }
        for (Map<String, Long> map : List.of(actual, expected)) {
            for (Iterator<Map.Entry<String, Long>> it = map.entrySet().iterator(); it.hasNext(); ) {
                if (it.next().getValue() % 3 == 1) {
                    it.remove();
                }
            }
        }
        actual.put("k1", 1L);
        expected.put("k1", 1L);
        assertThat(entries(actual)).isEqualTo(entries(expected));
    }

    /** As the engine purges: from the head, through the entry iterator. */
    private static void removeOldest(Map<String, Long> actual, Map<String, Long> expected, int count) {
        for (Map<String, Long> map : List.of(actual, expected)) {
            Iterator<Map.Entry<String, Long>> it = map.entrySet().iterator();
            for (int i = 0; i < count && it.hasNext(); i++) {
                it.next();
                it.remove();
            }
        }
    }

    private static List<String> entries(Map<String, Long> map) {
        List<String> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
