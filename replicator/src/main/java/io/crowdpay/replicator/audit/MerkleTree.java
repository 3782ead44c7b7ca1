package io.crowdpay.replicator.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of one batch of leaf hashes, as RFC 6962 (section 2.1) defines it: a leaf is
 * already SHA-256(0x00 || data) ({@link EventHash#leaf}); an interior node is
 * SHA-256(0x01 || left || right); a list of n &gt; 1 leaves splits at k, the largest power of two
 * smaller than n. Following the RFC exactly means any RFC 6962 / 9162 verifier can check our proofs.
 *
 * <p>The empty tree is refused rather than given RFC 6962's SHA-256("") root: a batch is only
 * sealed once it holds an event, so an empty root could only come from a bug, and signing it would
 * publish a commitment to nothing.
 */
public final class MerkleTree {

    /** Events per batch at most: a root is sealed as soon as a batch holds this many. */
    public static final int BATCH_EVENTS_MAX = 10_000;

    /**
     * How long a partial batch may stay open, in milliseconds of the auditor's clock from the moment
     * its first event was appended. Bounds how long an event can stay unsigned when traffic is light,
     * at the cost of smaller batches. The auditor's clock, not the events' {@code atMillis}, because
     * a rebuild replays old events and must still fill whole batches.
     */
    public static final long PARTIAL_BATCH_MILLIS_MAX = 60_000;

    private final List<byte[]> leaves;
    private final byte[] root;

    private MerkleTree(List<byte[]> leaves) {
        this.leaves = leaves;
        this.root = subtreeRoot(0, leaves.size());
    }

    /** The tree over these leaf hashes, in order; refuses an empty list (see the class comment). */
    public static MerkleTree of(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        List<byte[]> copy = new ArrayList<>(leafHashes.size());
        for (byte[] leaf : leafHashes) {
            EventHash.requireHash(leaf, "leaf");
            copy.add(leaf.clone());
        }
        return new MerkleTree(List.copyOf(copy));
    }

    public int size() {
        return leaves.size();
    }

    public byte[] root() {
        return root.clone();
    }

    /**
     * The audit path of leaf {@code index} (RFC 6962 PATH(m, D[n])): the sibling hashes from the
     * leaf's level up to the root's children, nearest first. It costs O(n) hashes, which for a
     * batch of at most {@link #BATCH_EVENTS_MAX} leaves is well under a millisecond.
     */
    public List<byte[]> proof(int index) {
        if (index < 0 || index >= leaves.size()) {
            throw new IndexOutOfBoundsException("leaf " + index + " of " + leaves.size());
        }
        List<byte[]> path = new ArrayList<>();
        collectPath(index, 0, leaves.size(), path);
        return path;
    }

    /**
     * Whether {@code proof} shows {@code leaf} at {@code index} in a tree of {@code size} leaves with
     * this {@code root}: the inclusion check of RFC 9162 section 2.1.3.2, which also refuses a proof
     * of the wrong length for the claimed index and size.
     */
    public static boolean verify(byte[] leaf, long index, long size, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || leaf == null || root == null || leaf.length != Sha256.BYTES) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : proof) {
            if (sn == 0 || p == null || p.length != Sha256.BYTES) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Sha256.digest(Sha256.NODE, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = Sha256.digest(Sha256.NODE, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** MTH(D[from:to]) of RFC 6962; the recursion is only log2(n) deep. */
    private byte[] subtreeRoot(int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = splitPoint(n);
        return Sha256.digest(Sha256.NODE, subtreeRoot(from, from + k), subtreeRoot(from + k, to));
    }

    private void collectPath(int index, int from, int to, List<byte[]> path) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = splitPoint(n);
        if (index < from + k) {
            collectPath(index, from, from + k, path);
            path.add(subtreeRoot(from + k, to).clone());
        } else {
            collectPath(index, from + k, to, path);
            path.add(subtreeRoot(from, from + k).clone());
        }
    }

    /** The largest power of two strictly smaller than n (n &gt;= 2). */
    private static int splitPoint(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
