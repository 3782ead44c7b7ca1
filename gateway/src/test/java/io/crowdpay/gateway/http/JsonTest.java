package io.crowdpay.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one JSON setup's strictness, and the words a client reads when a body breaks it. */
class JsonTest {

    @Test
    void givenADuplicateKeyAtAnyDepth_whenParsed_thenRefusedNamingTheKeyOnly() {
        assertThatThrownBy(() -> parse("{\"type\":\"TRANSFER\",\"type\":\"TOP_UP\"}"))
                .isInstanceOf(Json.Malformed.class)
                .hasMessage("the body is not valid JSON: Duplicate field 'type'");
        assertThatThrownBy(() -> parse("{\"amount\":{\"currency\":\"EUR\",\"value\":\"5.00\",\"value\":\"500.00\"}}"))
                .isInstanceOf(Json.Malformed.class)
                .hasMessage("the body is not valid JSON: Duplicate field 'value'");
        assertThatThrownBy(() -> parse("{\"metadata\":{\"a\":[{\"k\":1,\"k\":2}]}}"))
                .isInstanceOf(Json.Malformed.class)
                .hasMessage("the body is not valid JSON: Duplicate field 'k'");
    }

    @Test
    void givenTheSameKeyInSiblingObjects_whenParsed_thenAccepted() throws Exception {
        assertThat(parse("{\"a\":{\"value\":\"1\"},\"b\":{\"value\":\"2\"}}").size()).isEqualTo(2);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode parse(String body) throws Json.Malformed {
        return Json.parseObject(body.getBytes(StandardCharsets.UTF_8));
    }
}
