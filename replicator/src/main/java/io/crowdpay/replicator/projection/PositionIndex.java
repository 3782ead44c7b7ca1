package io.crowdpay.replicator.projection;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@link MemoryProjection}'s list of kept transactions (all of them, or one pod's or one wallet's),
 * oldest first: a growable ring of cells ordered by {@link Position}.
 *
 * <p>Why not a {@code TreeSet}: transactions arrive in position order (journaled time never goes
 * back and sequences only grow), so the common add is an append and the common removal (the oldest
 * dropping out of memory) is at the front, both O(1) here instead of a rebalanced tree insert and
 * delete with a cache miss per level; a page is a binary search and a walk back. An add out of order
 * (not expected) or a removal from the middle still works, by shifting.
 */
final class PositionIndex implements Iterable<PositionIndex.Cell> {

    /** A kept transaction; its row is replaced in place when its status changes. */
    static final class Cell {
        final Position position;
        ProjectedTransaction row;

        Cell(ProjectedTransaction row) {
            this(row.position(), row);
        }

        Cell(Position position, ProjectedTransaction row) {
            this.position = position;
            this.row = row;
        }
    }

    /**
     * The pod or wallet id this index is kept under (null for the list of all): the one instance of
     * that id the kept transactions share, instead of each holding the copy decoded from its event.
     */
    final Object key;
    private Cell[] cells = new Cell[4];
    private int head;
    private int size;

    PositionIndex() {
        this(null);
    }

    PositionIndex(Object key) {
        this.key = key;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Cell first() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return cells[head];
    }

    void add(Cell cell) {
        if (size == cells.length) {
            grow();
        }
        int at = size;
        while (at > 0 && get(at - 1).position.compareTo(cell.position) > 0) {
            set(at, get(at - 1));
            at--;
        }
        set(at, cell);
        size++;
    }

    /** Removes the cell (by identity); the front is the usual case. False when it is not here. */
    boolean remove(Cell cell) {
        if (size > 0 && cells[head] == cell) {
            cells[head] = null;
            head = (head + 1) & (cells.length - 1);
            size--;
            return true;
        }
        for (int i = 1; i < size; i++) {
            if (get(i) == cell) {
                for (int j = i; j < size - 1; j++) {
                    set(j, get(j + 1));
                }
                set(size - 1, null);
                size--;
                return true;
            }
        }
        return false;
    }

    /** Newest first, over all cells, or only those strictly older than {@code before} when given. */
    Iterable<Cell> newestFirst(Position before) {
        int end = before == null ? size : countOlderThan(before);
        return () -> new Iterator<>() {
            private int next = end - 1;

            @Override
            public boolean hasNext() {
                return next >= 0;
            }

            @Override
            public Cell next() {
                if (next < 0) {
                    throw new NoSuchElementException();
                }
                return get(next--);
            }
        };
    }

    /** Oldest first. */
    @Override
    public Iterator<Cell> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Cell next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }

    /** How many cells have a position strictly before {@code position}: the binary search of a page. */
    private int countOlderThan(Position position) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (get(mid).position.compareTo(position) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private Cell get(int i) {
        return cells[(head + i) & (cells.length - 1)];
    }

    private void set(int i, Cell cell) {
        cells[(head + i) & (cells.length - 1)] = cell;
    }

    private void grow() {
        Cell[] bigger = new Cell[cells.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        Arrays.fill(cells, null);
        cells = bigger;
        head = 0;
    }
}
