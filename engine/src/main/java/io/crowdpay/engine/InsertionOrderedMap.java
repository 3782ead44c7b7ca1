package io.crowdpay.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.BitSet;
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
 * collector took a quarter of the engine's time. Here, entries live in parallel arrays (keys, values,
 * hashes) used as a ring in insertion order, found through an open-addressing index of longs (hash
 * and array position, linear probing, backward-shift deletion), so an entry costs no object of its
 * own and inserts write the arrays sequentially.
 *
 * <p>Why a ring, with the hashes kept: the engine removes mostly from the head (purging is in age
 * order), so the head follows the tail round the ring and a table at its steady size never has to
 * be rebuilt. When the ring is full it either doubles (more than half live) or closes the holes at
 * its old end; neither reads a key, because the index and the hash array hold every hash. Doubling
 * walks the old index in order, which writes the new one almost in order; closing holes moves only
 * the live entries among the oldest ones (the few that outlive the rest, such as a user's stream
 * among expired transactions) and fixes just their slots. Three tables doubling together at 1M, 2M
 * and 4M entries stop the processor for 50, 96 and 184 ms; before, rehashing every key (each a wait
 * for memory) took 154, 328 and 669 ms, and a table at capacity rebuilt its whole index once per as
 * many inserts as it held ({@code TableGrowthBenchmark}, BENCHMARKS.md).
 *
 * <p>Keys may not be null (looking one up finds nothing). An entry read while iterating is valid
 * until the next put, which may move entries. Not thread-safe, like all engine state.
 */
public final class InsertionOrderedMap<K, V> extends AbstractMap<K, V> {

    private static final int CAPACITY_MIN = 8;

    /** Keys by array position; null marks a hole left by a removal, or a free place. */
    private Object[] keys;
    private Object[] values;
    /** The hash of the key at each position, so that no rebuild reads a key. */
    private int[] hashes;
    /** keys.length - 1; the ring's length is a power of two. */
    private int mask;
    /** The index: 0 is empty, else the key's hash in the high half and its array position + 1 in the low. */
    private long[] slots;
    private int shift;
    /** Logical positions (ever increasing; the array position is the low bits): entries before head are gone. */
    private long head;
    /** The logical position the next new key goes to; tail - head is at most the ring's length. */
    private long tail;
    private int size;
    private int modCount;
    /** The copy in progress, if any ({@link #copyInSlices}). */
    private SlicedCopy copying;
    /** The last slot {@link #prefetch} read; never used otherwise. */
    @SuppressWarnings("unused")
    private long touched;

    public InsertionOrderedMap() {
        this(CAPACITY_MIN);
    }

    /** A map that holds {@code expectedEntries} without moving or growing its arrays. */
    public InsertionOrderedMap(int expectedEntries) {
        allocate(placesFor(expectedEntries));
    }

    /** How many places a map made for {@code expectedEntries} has: the power of two at or above it. */
    public static int placesFor(int expectedEntries) {
        int capacity = Math.max(CAPACITY_MIN, expectedEntries);
        return capacity == Integer.highestOneBit(capacity) ? capacity : Integer.highestOneBit(capacity) << 1;
    }

    private void allocate(int capacity) {
        keys = new Object[capacity];
        values = new Object[capacity];
        hashes = new int[capacity];
        mask = capacity - 1;
        // At most half the index is in use, which keeps linear probes short.
        slots = new long[capacity << 1];
        shift = 64 - Integer.numberOfTrailingZeros(slots.length);
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

    /** Entries the arrays hold before they must make room (a power of two). */
    int capacity() {
        return keys.length;
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
            touch(at);
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
        V old = (V) values[at];
        // As LinkedHashMap: a key mapped to null takes the value as if absent, and a remapping that
        // changes the map is refused (the slot and position found above would be stale).
        int expectedModCount = modCount;
        V merged = old == null ? value : remapping.apply(old, value);
        if (modCount != expectedModCount) {
            throw new ConcurrentModificationException();
        }
        if (merged == null) {
            removeAt(slot, at);
        } else {
            touch(at);
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
        finishCopy();
        Arrays.fill(keys, null);
        Arrays.fill(values, null);
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

    private static long slotOf(int hash, int at) {
        return ((long) hash << 32) | (at + 1);
    }

    /** The slot holding the key, or ~(the empty slot where it would go). */
    private int find(Object key, int hash) {
        int slotMask = slots.length - 1;
        for (int i = home(hash); ; i = (i + 1) & slotMask) {
            long s = slots[i];
            if (s == 0) {
                return ~i;
            }
            if ((int) (s >>> 32) == hash && key.equals(keys[position(s)])) {
                return i;
            }
        }
    }

    /** The first empty slot of the hash's probe run: where a key known to be absent goes. */
    private int emptySlot(int hash) {
        int slotMask = slots.length - 1;
        int i = home(hash);
        while (slots[i] != 0) {
            i = (i + 1) & slotMask;
        }
        return i;
    }

    /** Puts an entry known to be absent from the index into it (rebuilds never compare keys). */
    private void index(int hash, int at) {
        slots[emptySlot(hash)] = slotOf(hash, at);
    }

    private void append(Object key, Object value, int hash, int emptySlot) {
        if (tail - head == keys.length) {
            makeRoom();
            emptySlot = emptySlot(hash);
        }
        int at = (int) tail++ & mask;
        touch(at);
        keys[at] = key;
        values[at] = value;
        hashes[at] = hash;
        slots[emptySlot] = slotOf(hash, at);
        size++;
        modCount++;
    }

    private void removeAt(int slot, int at) {
        touch(at);
        keys[at] = null;
        values[at] = null;
        size--;
        modCount++;
        deleteSlot(slot);
        if (size == 0) {
            head = tail;
        } else {
            while (keys[(int) head & mask] == null) {
                head++;
            }
        }
    }

    /** Empties a slot and moves later entries of its probe run back, so no probe stops short of them. */
    private void deleteSlot(int hole) {
        int slotMask = slots.length - 1;
        for (int i = (hole + 1) & slotMask; slots[i] != 0; i = (i + 1) & slotMask) {
            int home = home((int) (slots[i] >>> 32));
            boolean staysPut = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!staysPut) {
                slots[hole] = slots[i];
                hole = i;
            }
        }
        slots[hole] = 0;
    }

    /** The ring is full: double it when more than half is live, else close the holes at its old end. */
    private void makeRoom() {
        // Both move entries or arrays under a copy's feet; a copy in progress completes first.
        finishCopy();
        if (size > keys.length / 2) {
            grow();
        } else {
            closeOldHoles();
        }
        modCount++;
    }

    /**
     * Doubles the ring. Every entry keeps its logical position, so its array position is its old one
     * or that plus the old length, told apart by where it lies relative to the head. The new index is
     * filled in the old index's order: Fibonacci homes only gain a bit, so its writes run nearly in
     * order through memory instead of landing at random.
     */
    private void grow() {
        Object[] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldHashes = hashes;
        long[] oldSlots = slots;
        int oldMask = mask;
        allocate(oldKeys.length * 2);
        for (long p = head; p < tail; p++) {
            int from = (int) p & oldMask;
            int to = (int) p & mask;
            keys[to] = oldKeys[from];
            values[to] = oldValues[from];
            hashes[to] = oldHashes[from];
        }
        int headAt = (int) head & oldMask;
        for (long s : oldSlots) {
            if (s != 0) {
                int hash = (int) (s >>> 32);
                long logical = head + ((position(s) - headAt) & oldMask);
                index(hash, (int) logical & mask);
            }
        }
    }

    /**
     * Frees at least a quarter of the ring without growing it: the oldest stretch that holds that many
     * holes is packed, its live entries moved (in order) to the stretch's young end, so they still come
     * before everything after it, and the head moves up past the space freed. Only the moved entries'
     * slots change. The engine's long-lived entries are few (reference-data streams, transactions that
     * wait on a leg for days), so this touches few; if many moved, the index is rebuilt from the hashes.
     */
    private void closeOldHoles() {
        long end = head;
        int holes = 0;
        int wanted = keys.length / 4;
        while (holes < wanted) {
            if (keys[(int) end++ & mask] == null) {
                holes++;
            }
        }
        int live = (int) (end - head) - holes;
        boolean rebuild = live > keys.length / 16;
        long to = end;
        for (long from = end - 1; from >= head && to > end - live; from--) {
            int at = (int) from & mask;
            if (keys[at] != null && --to != from) {
                move(at, (int) to & mask, rebuild);
            }
        }
        // Every place before the packed entries is free now: holes were null, moved entries were cleared.
        head = to;
        while (head < tail && keys[(int) head & mask] == null) {
            head++;
        }
        if (rebuild) {
            Arrays.fill(slots, 0L);
            for (long p = head; p < tail; p++) {
                int at = (int) p & mask;
                if (keys[at] != null) {
                    index(hashes[at], at);
                }
            }
        }
    }

    /** Moves one entry to a free position; its slot follows unless the whole index is rebuilt after. */
    private void move(int from, int to, boolean rebuildLater) {
        int hash = hashes[from];
        keys[to] = keys[from];
        values[to] = values[from];
        hashes[to] = hash;
        keys[from] = null;
        values[from] = null;
        if (!rebuildLater) {
            long was = slotOf(hash, from);
            int i = home(hash);
            while (slots[i] != was) {
                i = (i + 1) & (slots.length - 1);
            }
            slots[i] = slotOf(hash, to);
        }
    }

    /**
     * Keys and values at the same index, in insertion order: a table's entries at one moment. A null
     * key marks a hole (an entry removed before the copy), to be skipped; {@code size} counts the rest.
     */
    public record Entries(Object[] keys, Object[] values, int size) {
    }

    /**
     * Starts a copy of the entries as they are now, in insertion order, to be taken a slice at a time
     * ({@link SlicedCopy#copy}) while the map goes on changing: before any change to a position the
     * copy has not reached, the entry there is saved into the copy, so the copy ends as the map was
     * when it started. Growing or packing the ring, or clearing it, completes the copy first. At most
     * one copy is in progress per map; starting another completes the one before.
     *
     * <p>Why: at 1M entries per table, copying the engine's three tables at once took 10-13 ms of the
     * processor's thread, and 125-222 ms while the collector (ZGC) was in a cycle, when every copied
     * reference passes its barrier ({@code SnapshotCaptureBenchmark}); that stopped every client.
     */
    public SlicedCopy copyInSlices() {
        finishCopy();
        SlicedCopy copy = new SlicedCopy();
        if (!copy.done()) {
            copying = copy;
        }
        return copy;
    }

    private void finishCopy() {
        if (copying != null) {
            copying.copy(Integer.MAX_VALUE);
        }
    }

    /** Called before any write to a position: keeps what a copy in progress has not yet taken. */
    private void touch(int at) {
        if (copying != null) {
            copying.save(at);
        }
    }

    /** A copy of the map's entries at one moment, taken in slices; see {@link #copyInSlices}. */
    public final class SlicedCopy {
        private final long from = head;
        private final long to = tail;
        private final int liveEntries = size;
        private final Object[] copiedKeys = new Object[(int) (to - from)];
        private final Object[] copiedValues = new Object[copiedKeys.length];
        /** Positions (from {@code from}) saved ahead of the cursor because the map was about to change them. */
        private final BitSet saved = new BitSet();
        private long cursor = from;

        private SlicedCopy() {
        }

        /** Copies up to {@code entries} more positions; answers whether the copy is complete. */
        public boolean copy(int entries) {
            long end = Math.min(to, cursor + entries);
            while (cursor < end) {
                int nextSaved = saved.nextSetBit((int) (cursor - from));
                long runEnd = nextSaved < 0 ? end : Math.min(end, from + nextSaved);
                copyRun(cursor, runEnd);
                cursor = runEnd;
                if (cursor < end && nextSaved >= 0 && cursor == from + nextSaved) {
                    cursor++;
                }
            }
            if (cursor == to && copying == this) {
                copying = null;
            }
            return cursor == to;
        }

        /** Copies logical positions [start, end), none of them saved, in at most two bulk copies per array. */
        private void copyRun(long start, long end) {
            int length = (int) (end - start);
            int at = (int) start & mask;
            int first = Math.min(length, keys.length - at);
            int into = (int) (start - from);
            System.arraycopy(keys, at, copiedKeys, into, first);
            System.arraycopy(keys, 0, copiedKeys, into + first, length - first);
            System.arraycopy(values, at, copiedValues, into, first);
            System.arraycopy(values, 0, copiedValues, into + first, length - first);
        }

        private void save(int at) {
            // The one logical position in [from, from + ring length) that lives at this array position.
            long logical = from + ((at - (int) from) & mask);
            if (logical >= cursor && logical < to) {
                int i = (int) (logical - from);
                if (!saved.get(i)) {
                    saved.set(i);
                    copiedKeys[i] = keys[at];
                    copiedValues[i] = values[at];
                }
            }
        }

        public boolean done() {
            return cursor == to;
        }

        /** The copied entries; only once {@link #done()}. */
        public Entries entries() {
            if (!done()) {
                throw new IllegalStateException("the copy is not complete");
            }
            return new Entries(copiedKeys, copiedValues, liveEntries);
        }
    }

    private final class EntryIterator implements Iterator<Entry<K, V>> {
        private long next = head;
        private int last = -1;
        private int expectedModCount = modCount;

        @Override
        public boolean hasNext() {
            while (next < tail && keys[(int) next & mask] == null) {
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
            last = (int) next++ & mask;
            return new PositionEntry(last);
        }

        @Override
        public void remove() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (last < 0 || keys[last] == null) {
                throw new IllegalStateException();
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
            touch(at);
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
