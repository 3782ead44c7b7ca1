package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiTest {

    @Test
    void writesDecimalNumbers() {
        ByteBuf buf = Unpooled.buffer(4);
        for (long n : new long[] {0, 7, 10, 1234567890123L, Long.MAX_VALUE}) {
            buf.clear();
            Ascii.writeDecimal(buf, n);
            assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo(Long.toString(n));
        }
    }

    @Test
    void readsTheFirstStringValueOfAName() {
        ByteBuf body = Unpooled.copiedBuffer("{\"type\":\"urn:x\",\"status\":422,\"code\": \"T004\",\"reason\":\"insufficient_funds\","
                + "\"failure\":{\"code\":\"X\"}}", StandardCharsets.US_ASCII);
        int end = body.writerIndex();

        assertThat(Ascii.jsonString(body, 0, end, RequestTemplate.ascii("\"code\""))).isEqualTo("T004");
        assertThat(Ascii.jsonString(body, 0, end, RequestTemplate.ascii("\"reason\""))).isEqualTo("insufficient_funds");
        assertThat(Ascii.jsonString(body, 0, end, RequestTemplate.ascii("\"status\""))).as("a number, not a string").isNull();
        assertThat(Ascii.jsonString(body, 0, end, RequestTemplate.ascii("\"quote_id\""))).isNull();
    }

    @Test
    void readsOnlyWithinTheGivenRange() {
        ByteBuf buf = Unpooled.copiedBuffer("{\"a\":\"1\"}{\"b\":\"2\"}", StandardCharsets.US_ASCII);

        assertThat(Ascii.jsonString(buf, 0, 9, RequestTemplate.ascii("\"b\""))).isNull();
        assertThat(Ascii.jsonString(buf, 9, 18, RequestTemplate.ascii("\"b\""))).isEqualTo("2");
    }
}
