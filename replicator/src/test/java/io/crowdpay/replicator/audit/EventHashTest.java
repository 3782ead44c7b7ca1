package io.crowdpay.replicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.replicator.EventRecord;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EventHashTest {

    private static final EventRecord EVENT = new EventRecord(7, "ev_7", "tx_1", 2, "FundsHeld.v1",
            "{\"a\":\"é\"}", 3, 1000, null);

    @Test
    void encodingIsLengthPrefixedUtf8FieldsInTheDocumentedOrder() {
        String expected = field("7") + field("ev_7") + field("tx_1") + field("2") + field("FundsHeld.v1")
                + field("{\"a\":\"é\"}") + field("3") + field("1000") + field("");

        assertThat(HexFormat.of().formatHex(EventHash.encoding(EVENT))).isEqualTo(expected);
    }

    @Test
    void leafIsPinned_becauseSignedRootsCommitToTheseBytesForever() {
        // If this fails, the storage format changed: every stored root would stop verifying. The value
        // was checked independently (Python hashlib over the documented encoding).
        assertThat(Sha256.hex(EventHash.leaf(EVENT))).isEqualTo(LEAF_OF_EVENT);
    }

    @Test
    void leafIsSha256OfZeroByteAndEncoding() {
        byte[] encoding = EventHash.encoding(EVENT);
        byte[] prefixed = new byte[encoding.length + 1];
        System.arraycopy(encoding, 0, prefixed, 1, encoding.length);

        assertThat(EventHash.leaf(EVENT)).isEqualTo(Sha256.digest(prefixed));
    }

    @Test
    void nullAndEmptyCorrelationIdEncodeAlike_andAnyOtherFieldChangesTheLeaf() {
        EventRecord emptyCorrelation = new EventRecord(7, "ev_7", "tx_1", 2, "FundsHeld.v1", "{\"a\":\"é\"}", 3, 1000, "");
        EventRecord otherTime = new EventRecord(7, "ev_7", "tx_1", 2, "FundsHeld.v1", "{\"a\":\"é\"}", 3, 1001, null);

        assertThat(EventHash.leaf(emptyCorrelation)).isEqualTo(EventHash.leaf(EVENT));
        assertThat(EventHash.leaf(otherTime)).isNotEqualTo(EventHash.leaf(EVENT));
    }

    @Test
    void movingBytesBetweenFieldsChangesTheLeaf_becauseFieldsAreLengthPrefixed() {
        EventRecord a = new EventRecord(1, "ev_1", "ab", 1, "c", "{}", 1, 1, null);
        EventRecord b = new EventRecord(1, "ev_1", "a", 1, "bc", "{}", 1, 1, null);

        assertThat(EventHash.leaf(a)).isNotEqualTo(EventHash.leaf(b));
    }

    @Test
    void chainIsDeterministicAndOrderSensitive() {
        byte[] l1 = EventHash.leaf(AuditFixtures.event(1));
        byte[] l2 = EventHash.leaf(AuditFixtures.event(2));

        byte[] head = EventHash.chain(EventHash.chain(EventHash.genesisHead(), l1), l2);

        assertThat(EventHash.chain(EventHash.chain(EventHash.genesisHead(), l1), l2)).isEqualTo(head);
        assertThat(EventHash.chain(EventHash.chain(EventHash.genesisHead(), l2), l1)).isNotEqualTo(head);
        assertThat(EventHash.genesisHead()).isEqualTo(new byte[32]);
        assertThat(EventHash.chain(EventHash.genesisHead(), l1))
                .isEqualTo(Sha256.digest(Sha256.CHAIN, new byte[32], l1));
    }

    private static final String LEAF_OF_EVENT = "f15cb5d2e8605dac35249ac8c3c4c278523f5ef419e73c3779d8939e5e604b48";

    private static String field(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return String.format("%08x", utf8.length) + HexFormat.of().formatHex(utf8);
    }
}
