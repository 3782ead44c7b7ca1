package io.crowdpay.replicator.audit.trail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.crowdpay.replicator.audit.SignedRoot;
import io.crowdpay.replicator.audit.StoredRoot;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit trail's JSON: payloads read back from the event store, and the root messages published
 * to the audit-vault. One mapper, writing map keys sorted, as {@code EventRecords} writes payloads.
 */
final class AuditJson {

    /**
     * Sorted keys on output and exact numbers on input (no double ever rounds a value), so that
     * {@link #canonical} gives back the very text {@code EventRecords} produced.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private AuditJson() {
    }

    /**
     * The canonical text of a payload read back from {@code jsonb}, which keeps every value but not
     * the bytes: it reorders keys (shortest first) and adds spaces. Parsing into plain maps and
     * writing them with sorted keys and no whitespace restores the text that was hashed, so an
     * untouched row hashes as before and a changed value does not.
     */
    static String canonical(String json) {
        try {
            return MAPPER.writeValueAsString(MAPPER.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the event store returned a payload that is not JSON", e);
        }
    }

    /**
     * The body of a root message on the audit subject: every field of the signed root, hashes in
     * lowercase hex, the signature in base64url without padding (as signed), and {@code signed_at}
     * in ISO-8601 UTC. The audit-vault checks the signature over {@link SignedRoot#signingInput()}.
     */
    static byte[] rootMessage(StoredRoot stored) {
        SignedRoot root = stored.root();
        Map<String, Object> body = new TreeMap<>();
        body.put("format", "crowdpay.audit.root.v1");
        body.put("batch_number", root.batchNumber());
        body.put("first_sequence", root.firstSequence());
        body.put("last_sequence", root.lastSequence());
        body.put("leaf_count", root.leafCount());
        body.put("merkle_root", root.merkleRootHex());
        body.put("chain_head", root.chainHeadHex());
        body.put("key_id", root.keyId());
        body.put("signature", root.signature());
        body.put("signed_at", Instant.ofEpochMilli(stored.signedAtMillis()).toString());
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }

    /** What a published root message commits to, enough to compare it with the stored root. */
    record PublishedRoot(long batchNumber, String merkleRootHex, String chainHeadHex) {
    }

    /** Reads a root message back; null when the bytes are not one (a stranger wrote to the subject). */
    static PublishedRoot parseRootMessage(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.path("batch_number").canConvertToLong()) {
                return null;
            }
            return new PublishedRoot(node.get("batch_number").asLong(), node.path("merkle_root").asText(),
                    node.path("chain_head").asText());
        } catch (IOException e) {
            return null;
        }
    }
}
