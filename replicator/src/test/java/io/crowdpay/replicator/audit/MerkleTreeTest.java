package io.crowdpay.replicator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            leaves.add(Sha256.digest(Sha256.LEAF, new byte[] {(byte) i, (byte) (i >> 8)}));
        }
        return leaves;
    }

    @Test
    void rootOfOneLeafIsTheLeaf() {
        List<byte[]> one = leaves(1);

        assertThat(MerkleTree.of(one).root()).isEqualTo(one.get(0));
        assertThat(MerkleTree.of(one).proof(0)).isEmpty();
    }

    @Test
    void rootOfTwoLeavesIsTheNodeHash() {
        List<byte[]> two = leaves(2);

        assertThat(MerkleTree.of(two).root()).isEqualTo(Sha256.digest(Sha256.NODE, two.get(0), two.get(1)));
    }

    @Test
    void rootsMatchTheCertificateTransparencyTestVectors() {
        // The reference vectors of RFC 6962's implementation (certificate-transparency merkle_tree_test).
        String[] inputs = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
        String[] roots = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
        List<byte[]> leaves = new ArrayList<>();
        for (int n = 1; n <= inputs.length; n++) {
            leaves.add(Sha256.digest(Sha256.LEAF, HexFormat.of().parseHex(inputs[n - 1])));

            assertThat(Sha256.hex(MerkleTree.of(leaves).root())).as("root of %d leaves", n).isEqualTo(roots[n - 1]);
        }
    }

    @Test
    void everyProofVerifies_forEveryIndexOfSizes1To33() {
        for (int size = 1; size <= 33; size++) {
            List<byte[]> leaves = leaves(size);
            MerkleTree tree = MerkleTree.of(leaves);
            for (int i = 0; i < size; i++) {
                assertThat(MerkleTree.verify(leaves.get(i), i, size, tree.proof(i), tree.root()))
                        .as("leaf %d of %d", i, size).isTrue();
            }
        }
    }

    /**
     * The size is not tested here against a bigger tree: RFC 6962 roots do not commit to their size,
     * so a path can also fit a larger tree with a different right edge. The size a proof is checked
     * against must come from the signed root, never from the caller.
     */
    @Test
    void aWrongLeafIndexOrRootFails() {
        for (int size = 2; size <= 33; size++) {
            List<byte[]> leaves = leaves(size);
            MerkleTree tree = MerkleTree.of(leaves);
            byte[] otherRoot = MerkleTree.of(leaves(size + 1)).root();
            for (int i = 0; i < size; i++) {
                List<byte[]> proof = tree.proof(i);
                int other = (i + 1) % size;
                assertThat(MerkleTree.verify(leaves.get(other), i, size, proof, tree.root())).isFalse();
                assertThat(MerkleTree.verify(leaves.get(i), other, size, proof, tree.root())).isFalse();
                assertThat(MerkleTree.verify(leaves.get(i), i, size, proof, otherRoot)).isFalse();
                assertThat(MerkleTree.verify(leaves.get(i), size, size, proof, tree.root())).isFalse();
            }
        }
    }

    @Test
    void aProofWithATamperedOrMissingSiblingFails() {
        List<byte[]> leaves = leaves(13);
        MerkleTree tree = MerkleTree.of(leaves);
        List<byte[]> proof = new ArrayList<>(tree.proof(5));
        List<byte[]> shorter = tree.proof(5).subList(0, proof.size() - 1);
        proof.set(1, leaves.get(0));

        assertThat(MerkleTree.verify(leaves.get(5), 5, 13, proof, tree.root())).isFalse();
        assertThat(MerkleTree.verify(leaves.get(5), 5, 13, List.copyOf(shorter), tree.root())).isFalse();
    }

    @Test
    void theEmptyTreeIsRefused() {
        assertThatThrownBy(() -> MerkleTree.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
