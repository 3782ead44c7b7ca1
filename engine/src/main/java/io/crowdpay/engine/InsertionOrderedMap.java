package io.crowdpay.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A map that iterates in insertion order, like {@link java.util.LinkedHashMap} (re-putting a key
 * keeps its place; removing and putting it again moves it to the end), built for the engine's
 * tables of millions: transactions, idempotency keys and stream versions.
 *
 * <p>Why not LinkedHashMap: it makes a 40-byte node per entry, and the engine adds three entries per
 * transfer that it keeps for 24 hours. Every young collection copied those nodes, and every insert
 * dirtied a random card of a table in the old generation that the next collection had to scan: the
 * collector took a quarter of the engine's time. Here, entries live in parallel arrays in insertion
 * order (keys, values), found through an open-addressing index of longs (hash and position, linear
 * probing, backward-shift deletion), so an entry costs no object of its own and inserts write the
 * arrays sequentially.
 *
 * <p>Removed entries leave a hole until the oldest live entry passes them (the engine removes mostly
 * from the head: purging is in age order). When the arrays are full, the live entries are moved to
 * the front, or the arrays doubled if more than half are live; both rebuild the index, once per as
 * many inserts as the arrays hold. That is a stop of the processor thread proportional to the live
 * entries (measured 140-320 ms for 2M of 4M on the 2-vCPU benchmark box), which a LinkedHashMap
 * within its reserved size never takes: a service that runs at its key capacity for long meets it
 * every few million transactions. Doing the move in steps is the next step if that tail matters.
 *
 * <p>Keys may not be null (looking one up finds nothing). An entry read while iterating is valid
 * until the next put, which may move entries. Not thread-safe, like all engine state.
 */
public final class InsertionOrderedMap<K, V> extends AbstractMap<K, V> {

    private static final int CAPACITY_MIN = 8;

    /** Keys by position; null marks a hole left by a removal. */
    private Object[] keys;
    private Object[] values;
    /** The index: 0 is empty, else the key's hash in the high half and its position + 1 in the low. */
    private long[] slots;
    private int shift;
    /** Positions before this one hold no live entry. */
    private int head;
    /** The position the next new key goes to. */
    private int tail;
    private int size;
    private int modCount;
    /** The last slot {@link #prefetch} read; never used otherwise. */
    @SuppressWarnings("unused")
    private long touched;

    public InsertionOrderedMap() {
        this(CAPACITY_MIN);
    }

    /** A map that holds {@code expectedEntries} without moving or growing its arrays. */
    public InsertionOrderedMap(int expectedEntries) {
        allocate(Math.max(CAPACITY_MIN, expectedEntries));
    }

    private void allocate(int capacity) {
        keys = new Object[capacity];
        values = new Object[capacity];
        // At most half the index is in use, which keeps linear probes short.
        int slotCount = Integer.highestOneBit(capacity - 1) << 2;
        slots = new long[slotCount];
        shift = 64 - Integer.numberOfTrailingZeros(slotCount);
    }

    /**
     * Reads the index slot where the key would be found, so that looking it up soon after finds that
     * memory in cache. A table of millions lives mostly outside the caches, and the first touch of a
     * slot waits for memory and a page-table walk; reads that do not depend on each other, issued
     * together, wait in parallel, which lookups far apart in a command cannot. Changes nothing.
     */
    public void prefetch(Object key) {
        if (key != null) {
            // Kept in a field so that the compiler cannot drop the read as unused.
            touched = slots[home(hash(key))];
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && find(key, hash(key)) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (key == null) {
            return null;
        }
        int slot = find(key, hash(key));
        return slot < 0 ? null : (V) values[position(slots[slot])];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(K key, V value) {
        int h = hash(key);
        int slot = find(key, h);
        if (slot >= 0) {
            int at = position(slots[slot]);
            V old = (V) values[at];
            values[at] = value;
            return old;
        }
        append(key, value, h, ~slot);
        return null;
    }

    /** As {@link Map#merge}, with one probe of the index instead of two. */
    @Override
    @SuppressWarnings("unchecked")
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remapping) {
        Objects.requireNonNull(value, "value");
        int h = hash(key);
        int slot = find(key, h);
        if (slot < 0) {
            append(key, value, h, ~slot);
            return value;
        }
        int at = position(slots[slot]);
        V merged = remapping.apply((V) values[at], value);
        if (merged == null) {
            removeAt(slot, at);
        } else {
            values[at] = merged;
        }
        return merged;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        if (key == null) {
            return null;
        }
        int slot = find(key, hash(key));
        if (slot < 0) {
            return null;
        }
        int at = position(slots[slot]);
        V old = (V) values[at];
        removeAt(slot, at);
        return old;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, 0, tail, null);
        Arrays.fill(values, 0, tail, null);
        Arrays.fill(slots, 0L);
        head = 0;
        tail = 0;
        size = 0;
        modCount++;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, V>> iterator() {
                return new EntryIterator();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private static int hash(Object key) {
        return Objects.requireNonNull(key, "key").hashCode();
    }

    private int home(int hash) {
        // Fibonacci hashing spreads ids that differ only in their last characters.
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private static int position(long slot) {
        return (int) slot - 1;
    }

    /** The slot holding the key, or ~(the empty slot where it would go). */
    private int find(Object key, int hash) {
        int mask = slots.length - 1;
        for (int i = home(hash); ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == 0) {
                return ~i;
            }
            if ((int) (s >>> 32) == hash && key.equals(keys[position(s)])) {
                return i;
            }
        }
    }

    private void append(Object key, Object value, int hash, int emptySlot) {
        if (tail == keys.length) {
            makeRoom();
            emptySlot = ~find(key, hash);
        }
        int at = tail++;
        keys[at] = key;
        values[at] = value;
        slots[emptySlot] = ((long) hash << 32) | (at + 1);
        size++;
        modCount++;
    }

    private void removeAt(int slot, int at) {
        keys[at] = null;
        values[at] = null;
        size--;
        modCount++;
        deleteSlot(slot);
        if (size == 0) {
            head = 0;
            tail = 0;
        } else {
            while (keys[head] == null) {
                head++;
            }
        }
    }

    /** Empties a slot and moves later entries of its probe run back, so no probe stops short of them. */
    private void deleteSlot(int hole) {
        int mask = slots.length - 1;
        for (int i = (hole + 1) & mask; slots[i] != 0; i = (i + 1) & mask) {
            int home = home((int) (slots[i] >>> 32));
            boolean staysPut = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!staysPut) {
                slots[hole] = slots[i];
                hole = i;
            }
        }
        slots[hole] = 0;
    }

    /** Moves live entries to the front, into arrays twice as large if more than half are live. */
    private void makeRoom() {
        Object[] oldKeys = keys;
        Object[] oldValues = values;
        if (size > keys.length / 2) {
            allocate(keys.length * 2);
        } else {
            Arrays.fill(slots, 0L);
        }
        int to = 0;
        for (int from = head; from < tail; from++) {
            Object key = oldKeys[from];
            if (key != null) {
                Object value = oldValues[from];
                oldKeys[from] = null;
                oldValues[from] = null;
                keys[to] = key;
                values[to] = value;
                int h = key.hashCode();
                slots[~find(key, h)] = ((long) h << 32) | (to + 1);
                to++;
            }
        }
        head = 0;
        tail = to;
        modCount++;
    }

    private final class EntryIterator implements Iterator<Entry<K, V>> {
        private int next = head;
        private int last = -1;
        private int expectedModCount = modCount;

        @Override
        public boolean hasNext() {
            while (next < tail && keys[next] == null) {
                next++;
            }
            return next < tail;
        }

        @Override
        public Entry<K, V> next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new PositionEntry(last);
        }

        @Override
        public void remove() {
            if (last < 0 || keys[last] == null) {
                throw new IllegalStateException();
            }
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            InsertionOrderedMap.this.remove(keys[last]);
            expectedModCount = modCount;
            last = -1;
        }
    }

    /** An entry that reads and writes the map at its position, like LinkedHashMap's nodes do. */
    private final class PositionEntry implements Entry<K, V> {
        private final int at;
        private final K key;

        @SuppressWarnings("unchecked")
        PositionEntry(int at) {
            this.at = at;
            this.key = (K) keys[at];
        }

        @Override
        public K getKey() {
            return key;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V getValue() {
            return keys[at] == key ? (V) values[at] : null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public V setValue(V value) {
            if (keys[at] != key) {
                throw new IllegalStateException("the entry was removed");
            }
            V old = (V) values[at];
            values[at] = value;
            return old;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry<?, ?> e && key.equals(e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return key + "=" + getValue();
        }
    }
}
