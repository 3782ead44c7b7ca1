package io.crowdpay.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The views' hand-written time format must read exactly as the API's documented pattern does. */
class ViewsTest {

    private static final DateTimeFormatter API_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void givenAnyInstant_whenFormatted_thenTheTextIsThePatterns() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // Mostly the years a journal holds, and the whole range the fast path covers, and beyond.
            long millis = switch (i % 3) {
                case 0 -> 1_700_000_000_000L + random.nextLong(2_000_000_000_000L);
                case 1 -> -62_167_219_200_000L + random.nextLong(315_569_520_000_000L);
                default -> random.nextLong(-400_000_000_000_000L, 400_000_000_000_000L);
            };
            assertThat(Views.time(millis)).as("millis %d", millis).isEqualTo(API_TIME.format(Instant.ofEpochMilli(millis)));
        }
    }

    @Test
    void givenTheEdges_whenFormatted_thenTheTextIsThePatterns() {
        for (long millis : List.of(0L, -1L, 1L, 951_782_400_000L /* 2000-02-29 */, -2_203_891_200_000L /* 1900-03-01 */,
                -62_167_219_200_000L, -62_167_219_200_001L, 253_402_300_799_999L, 253_402_300_800_000L,
                1_767_225_599_999L, 1_767_225_600_000L)) {
            assertThat(Views.time(millis)).as("millis %d", millis).isEqualTo(API_TIME.format(Instant.ofEpochMilli(millis)));
        }
        assertThat(Views.time(1_767_225_600_123L)).isEqualTo("2026-01-01T00:00:00.123Z");
    }
}
