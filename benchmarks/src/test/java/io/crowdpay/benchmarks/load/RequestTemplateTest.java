package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {

    @Test
    void writesAKeyedRequestWithItsContentLength() {
        RequestTemplate t = RequestTemplate.post("/v1/transactions", "127.0.0.1:8080", "TOKEN", true, "{\"a\":1}", "");
        ByteBuf buf = Unpooled.buffer();

        t.write(buf, RequestTemplate.ascii("lg-run-"), 42, null);

        assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo("POST /v1/transactions HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                + "Authorization: Bearer TOKEN\r\nContent-Type: application/json\r\nContent-Length: 7\r\n"
                + "Idempotency-Key: lg-run-42\r\n\r\n{\"a\":1}");
        assertThat(buf.readableBytes()).isLessThanOrEqualTo(t.sizeMax(7 + 20, 0));
    }

    @Test
    void anInsertGoesIntoTheBodyAndCountsInTheLength() {
        RequestTemplate t = RequestTemplate.post("/v1/transactions", "h:1", "T", true, "{\"q\":\"", "\"}");
        ByteBuf buf = Unpooled.buffer();

        t.write(buf, RequestTemplate.ascii("k"), 1, RequestTemplate.ascii("q_123"));

        String written = buf.toString(StandardCharsets.US_ASCII);
        assertThat(written).contains("Content-Length: 13\r\n").endsWith("\r\n\r\n{\"q\":\"q_123\"}");
    }

    @Test
    void anUnkeyedRequestHasNoIdempotencyKey() {
        RequestTemplate t = RequestTemplate.post("/v1/fx/quotes", "h:1", "T", false, "{}", "");
        ByteBuf buf = Unpooled.buffer();

        t.write(buf, RequestTemplate.ascii("k"), 1, null);

        assertThat(buf.toString(StandardCharsets.US_ASCII)).doesNotContain("Idempotency-Key").endsWith("Content-Length: 2\r\n\r\n{}");
    }
}
