package io.crowdpay.replicator.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.replicator.EventRecord;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Encoding in place must give the bytes of the array path, which the reader and older logs rely on. */
class EventCodecTest {

    @Property(tries = 2_000)
    void encodingInPlaceWritesTheFramedBytesOfTheArrayPath(@ForAll("records") EventRecord record) {
        ByteBuffer expected = EventCodec.frame(EventCodec.encode(record));
        ByteBuffer out = ByteBuffer.allocateDirect((int) (8 + EventCodec.bodyBytesMax(record)) + 16);
        out.position(16); // not at the buffer's start, as in the log's write buffer
        EventCodec.encodeInto(record, out, new CRC32C());

        ByteBuffer written = out.flip().position(16).slice();
        assertThat(written).isEqualTo(expected);
        ByteBuffer body = ByteBuffer.allocate(written.remaining() - 8).put(written.position(8)).flip(); // the reader's heap buffer
        EventRecord back = EventCodec.decode(body);
        assertThat(back).isEqualTo(record);
    }

    @Provide
    Arbitrary<EventRecord> records() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40); // any chars, surrogates included
        Arbitrary<String> maybe = Arbitraries.oneOf(text, Arbitraries.just(null));
        return net.jqwik.api.Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.longs().between(1, Long.MAX_VALUE), text, text, text, Arbitraries.longs(), Arbitraries.longs(), maybe)
                .as((seq, version, stream, type, payload, journal, at, correlation) ->
                        new EventRecord(seq, EventRecord.idFor(seq), stream, version, type, payload, journal, at, correlation));
    }
}
