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
                if (random.nextInt(4) == 0) {
                    String key = "k" + random.nextInt(keySpace);
                    assertThat(actual.get(key)).isEqualTo(expected.get(key));
                    assertThat(actual.containsKey(key)).isEqualTo(expected.containsKey(key));
                    assertThat(actual.size()).isEqualTo(expected.size());
                } else {
                    changeAtRandom(random, actual, expected, keySpace);
                }
                if (step % 1_000 == 0) {
                    assertThat(entries(actual)).isEqualTo(entries(expected));
                    assertThat(copied((InsertionOrderedMap<String, Long>) actual)).isEqualTo(entries(expected));
                }
            }
            assertThat(entries(actual)).isEqualTo(entries(expected));
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.hashCode()).isEqualTo(expected.hashCode());
        }
    }

    @Test
    void givenACopyInSlices_whenTheMapChangesWhileItIsTaken_thenItEndsAsTheMapWasWhenItStarted() {
        for (long seed = 1; seed <= 30; seed++) {
            Random random = new Random(seed);
            Map<String, Long> expected = new LinkedHashMap<>();
            // A small start, so that growth and packing (which complete a copy first) happen during copies.
            InsertionOrderedMap<String, Long> actual = new InsertionOrderedMap<>(random.nextInt(16));
            int keySpace = 10 + random.nextInt(2_000);
            InsertionOrderedMap<String, Long>.SlicedCopy copy = null;
            List<String> atStart = null;
            int copies = 0;
            for (int step = 0; step < 20_000; step++) {
                changeAtRandom(random, actual, expected, keySpace);
                if (copy == null && random.nextInt(200) == 0) {
                    copy = actual.copyInSlices();
                    atStart = entries(expected);
                }
                if (copy != null && copy.copy(random.nextInt(8)) && random.nextBoolean()) {
                    assertThat(live(copy.entries())).isEqualTo(atStart);
                    copy = null;
                    copies++;
                }
            }
            assertThat(copies).isPositive();
            assertThat(entries(actual)).isEqualTo(entries(expected));
        }
    }

    @Test
    void givenTheEdgesOfMerge_whenComparedWithLinkedHashMap_thenTheSameHappens() {
        // Found by a review's differential stress test; the engine never stores null or merges
        // with side effects, but the class promises LinkedHashMap's behaviour.
        Map<String, Integer> actual = new InsertionOrderedMap<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (Map<String, Integer> map : List.of(actual, expected)) {
            map.put("x", null);
            assertThat(map.merge("x", 5, Integer::sum)).isEqualTo(5);
            map.put("y", 1);
        }
        assertThat(entries(actual)).isEqualTo(entries(expected));
        for (Map<String, Integer> map : List.of(actual, expected)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> map.merge("y", 1, (a, b) -> {
                map.put("z" + a, a);
                return a + b;
            })).isInstanceOf(java.util.ConcurrentModificationException.class);
        }
        for (Map<String, Integer> map : List.of(actual, expected)) {
            Iterator<Map.Entry<String, Integer>> it = map.entrySet().iterator();
            it.next();
            map.remove("y");
            org.assertj.core.api.Assertions.assertThatThrownBy(it::remove).isInstanceOf(java.util.ConcurrentModificationException.class);
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

    @Test
    void givenLongLivedEntriesAtTheHead_whenTheRestExpireInOrder_thenOrderIsKeptAndTheRingDoesNotGrow() {
        // As the stream versions table lives: a few reference-data streams that stay forever, then
        // transactions' streams, purged oldest first. The ring must close the holes behind the
        // long-lived few rather than grow, and keep them first.
        InsertionOrderedMap<String, Long> actual = new InsertionOrderedMap<>(64);
        Map<String, Long> expected = new LinkedHashMap<>();
        for (long u = 0; u < 3; u++) {
            actual.put("user:" + u, u);
            expected.put("user:" + u, u);
        }
        for (long i = 0; i < 100_000; i++) {
            actual.put("tx" + i, i);
            expected.put("tx" + i, i);
            if (i >= 20) {
                assertThat(actual.remove("tx" + (i - 20))).isEqualTo(expected.remove("tx" + (i - 20)));
            }
            if (i % 997 == 0) {
                assertThat(actual.merge("user:1", 1L, Long::sum)).isEqualTo(expected.merge("user:1", 1L, Long::sum));
                assertThat(entries(actual)).isEqualTo(entries(expected));
            }
        }
        assertThat(entries(actual)).isEqualTo(entries(expected));
        assertThat(actual.capacity()).isEqualTo(64);
    }

    @Test
    void givenHolesSpreadThroughAFullRing_whenItMakesRoom_thenEveryEntryIsStillFoundInOrder() {
        // Removals all over a full ring (every other entry, or a random half) leave many live entries
        // among the oldest holes: making room then moves them all and rebuilds the index from the
        // kept hashes, instead of fixing slot by slot.
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            InsertionOrderedMap<String, Long> actual = new InsertionOrderedMap<>(64);
            Map<String, Long> expected = new LinkedHashMap<>();
            for (long i = 0; i < 64; i++) {
                actual.put("k" + i, i);
                expected.put("k" + i, i);
            }
            boolean alternate = seed % 2 == 0;
            for (long i = 0; i < 64; i++) {
                // Keep the oldest, as a ring that has not purged yet would; at most half may stay.
                if (i > 0 && (alternate ? i % 2 == 1 : random.nextBoolean() || expected.size() > 32)) {
                    assertThat(actual.remove("k" + i)).isEqualTo(expected.remove("k" + i));
                }
            }
            // The ring is full and at most half live: the next put packs its old end.
            for (long i = 64; i < 5_000; i++) {
                assertThat(actual.put("k" + i, i)).isEqualTo(expected.put("k" + i, i));
                if (random.nextInt(3) > 0) {
                    String gone = "k" + random.nextInt((int) i);
                    assertThat(actual.remove(gone)).isEqualTo(expected.remove(gone));
                }
                if (i % 500 == 0) {
                    for (String key : expected.keySet()) {
                        assertThat(actual.get(key)).isEqualTo(expected.get(key));
                    }
                    assertThat(entries(actual)).isEqualTo(entries(expected));
                }
            }
            assertThat(entries(actual)).isEqualTo(entries(expected));
        }
    }

    @Test
    void givenGrowthAndCompaction_whenTheRingMakesRoom_thenNoKeyIsHashedOrComparedAgain() {
        // A rebuild that reads keys waits for memory once per entry: in a table of millions that was
        // most of a processor stall of up to a second. The ring's rebuilds use the stored hashes only.
        CountingKey.hashes = 0;
        InsertionOrderedMap<CountingKey, Integer> map = new InsertionOrderedMap<>(8);
        // The model is ordered by id, which is insertion order here, and never hashes a key.
        java.util.TreeMap<Integer, Integer> expected = new java.util.TreeMap<>();
        Random random = new Random(7);
        long operations = 0;
        for (int i = 0; i < 50_000; i++) {
            map.put(new CountingKey(i), i);
            expected.put(i, i);
            operations++;
            if (random.nextInt(3) > 0) {
                // Mostly the oldest, as purging does; sometimes any.
                int gone = random.nextInt(4) == 0 ? random.nextInt(i + 1) : expected.firstKey();
                map.remove(new CountingKey(gone));
                expected.remove(gone);
                operations++;
            }
        }
        // Each put and remove above hashed its own key once; growing and closing holes hashed none.
        assertThat(CountingKey.hashes).isEqualTo(operations);
        assertThat(map.capacity()).isGreaterThan(8);
        List<String> order = new ArrayList<>();
        map.forEach((k, v) -> order.add(k.id() + "=" + v));
        assertThat(order).isEqualTo(entries(expected));
    }

    /** A key that counts how often the map hashes it. */
    private record CountingKey(int id) {
        static long hashes;

        @Override
        public int hashCode() {
            hashes++;
            // Few distinct hashes: probe runs are long and equal hashes meet, as in a crowded index.
            return id % 5_003;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof CountingKey that && that.id == id;
        }
    }

    /** As the engine purges: from the head, through the entry iterator. */
    /** One random change made to both maps, which must answer it alike. */
    private static void changeAtRandom(Random random, Map<String, Long> actual, Map<String, Long> expected, int keySpace) {
        String key = "k" + random.nextInt(keySpace);
        long value = random.nextInt(100);
        switch (random.nextInt(7)) {
            case 0, 1 -> assertThat(actual.put(key, value)).isEqualTo(expected.put(key, value));
            case 2 -> assertThat(actual.remove(key)).isEqualTo(expected.remove(key));
            case 3 -> assertThat(actual.merge(key, value, Long::sum)).isEqualTo(expected.merge(key, value, Long::sum));
            case 4 -> removeOldest(actual, expected, random.nextInt(20));
            case 5 -> assertThat(actual.merge(key, value, (a, b) -> null)).isEqualTo(expected.merge(key, value, (a, b) -> null));
            default -> actual.entrySet().stream().filter(e -> e.getKey().equals(key)).findFirst()
                    .ifPresent(e -> assertThat(e.setValue(value)).isEqualTo(expected.put(key, value)));
        }
    }

    /** The live entries of a copy, holes skipped, as "key=value" in order. */
    private static List<String> copied(InsertionOrderedMap<String, Long> map) {
        InsertionOrderedMap<String, Long>.SlicedCopy copy = map.copyInSlices();
        copy.copy(Integer.MAX_VALUE);
        return live(copy.entries());
    }

    private static List<String> live(InsertionOrderedMap.Entries copy) {
        List<String> live = new ArrayList<>();
        for (int i = 0; i < copy.keys().length; i++) {
            if (copy.keys()[i] != null) {
                live.add(copy.keys()[i] + "=" + copy.values()[i]);
            }
        }
        assertThat(live).hasSize(copy.size());
        return live;
    }

    private static void removeOldest(Map<String, Long> actual, Map<String, Long> expected, int count) {
        for (Map<String, Long> map : List.of(actual, expected)) {
            Iterator<Map.Entry<String, Long>> it = map.entrySet().iterator();
            for (int i = 0; i < count && it.hasNext(); i++) {
                it.next();
                it.remove();
            }
        }
    }

    private static List<String> entries(Map<?, ?> map) {
        List<String> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
