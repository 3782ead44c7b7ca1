package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseFramerTest {

    private static final String BODY = "{\"transaction_id\":\"tx_1\",\"status\":\"PENDING\"}";
    private static final String ACCEPTED = "HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: "
            + BODY.length() + "\r\nX-Trace-Id: 59f45c3e62c5fbf232a0fd79214cc5d1\r\nconnection: keep-alive\r\n\r\n" + BODY;

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void framesACompleteResponseAndFindsItsBody() {
        ResponseFramer framer = new ResponseFramer();
        ByteBuf buf = bytes(ACCEPTED);

        int length = framer.frame(buf);

        assertThat(length).isEqualTo(ACCEPTED.length());
        assertThat(framer.status).isEqualTo(202);
        assertThat(framer.close).isFalse();
        assertThat(buf.toString(framer.bodyStart, framer.bodyLength, StandardCharsets.US_ASCII)).isEqualTo(BODY);
    }

    @Test
    void waitsForTheRestOfAPartialHeadOrBody() {
        ResponseFramer framer = new ResponseFramer();

        assertThat(framer.frame(bytes(ACCEPTED.substring(0, 30)))).isEqualTo(-1);
        assertThat(framer.frame(bytes(ACCEPTED.substring(0, ACCEPTED.length() - 1)))).isEqualTo(-1);
    }

    @Test
    void framesPipelinedResponsesOneAfterAnother() {
        ResponseFramer framer = new ResponseFramer();
        String problem = "HTTP/1.1 402 Payment Required\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        ByteBuf buf = bytes(ACCEPTED + problem);

        buf.skipBytes(framer.frame(buf));
        int second = framer.frame(buf);

        assertThat(second).isEqualTo(problem.length());
        assertThat(framer.status).isEqualTo(402);
        assertThat(framer.close).isTrue();
        assertThat(framer.bodyLength).isEqualTo(2);
    }

    @Test
    void headerNamesAreMatchedWithoutRegardToCase() {
        ResponseFramer framer = new ResponseFramer();

        String response = "HTTP/1.1 200 OK\r\nCONTENT-LENGTH:  3\r\n\r\nabc";

        assertThat(framer.frame(bytes(response))).isEqualTo(response.length());
        assertThat(framer.bodyLength).isEqualTo(3);
    }

    @Test
    void refusesWhatTheGatewayNeverSends() {
        ResponseFramer framer = new ResponseFramer();

        assertThatThrownBy(() -> framer.frame(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")))
                .isInstanceOf(ResponseFramer.Malformed.class);
        assertThatThrownBy(() -> framer.frame(bytes("HTTP/1.1 200 OK\r\nX: y\r\n\r\n")))
                .isInstanceOf(ResponseFramer.Malformed.class);
        assertThatThrownBy(() -> framer.frame(bytes("SSH-2.0-OpenSSH_9\r\n\r\n")))
                .isInstanceOf(ResponseFramer.Malformed.class);
    }
}
