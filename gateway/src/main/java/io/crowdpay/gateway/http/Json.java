package io.crowdpay.gateway.http;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one JSON setup. Strict on input: duplicate keys, trailing tokens, comments, NaN and leading
 * zeros are refused, and nesting and string sizes are capped, because lenient parsing of a payment
 * request is how the wrong amount moves. Numbers are kept exact (BigDecimal), never doubles.
 */
public final class Json {

    // Duplicate keys are refused by the tree reader (FAIL_ON_READING_DUP_TREE_KEY): the same
    // strictness as the parser's STRICT_DUPLICATE_DETECTION for every body we read (all are read as
    // trees), without the set of names that feature builds per object (~460 of ~2,800 bytes a
    // transfer's parse allocated on the event loop).
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16).maxStringLength(64 * 1024).maxNumberLength(40).build());
    }

    private Json() {
    }

    /** A body that is not a JSON object; the message says why in words a client can act on. */
    public static final class Malformed extends Exception {
        public Malformed(String message) {
            super(message);
        }
    }

    public static ObjectNode parseObject(byte[] body) throws Malformed {
        if (body.length == 0) {
            throw new Malformed("the request body is empty; send a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
            // The tree reader names itself and its feature flag after the key; clients need the key.
            int internals = message.indexOf(" for `ObjectNode`");
            throw new Malformed("the body is not valid JSON: " + (internals < 0 ? message : message.substring(0, internals)));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new Malformed("the body must be a JSON object");
        }
        return object;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a tree we built does not serialise", e);
        }
    }
}
