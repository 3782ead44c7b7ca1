package io.crowdpay.replicator.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.transaction.TransactionStatus;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorsTest {

    private static final TransactionQueries.Filter TRIP = new TransactionQueries.Filter(new PodId("trip"), null, null, null);
    private static final Position POSITION = new Position(1_767_225_600_123L, 42);

    @Test
    void givenACursor_whenDecodedWithItsFilter_thenTheSamePosition() {
        String cursor = Cursors.encode(POSITION, TRIP);

        assertThat(cursor).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(Cursors.CURSOR_CHARS_MAX);
        assertThat(Cursors.decode(cursor, TRIP)).contains(POSITION);
    }

    @Test
    void givenACursor_whenUsedWithOtherFilters_thenRefused() {
        String cursor = Cursors.encode(POSITION, TRIP);

        assertThat(Cursors.decode(cursor, TransactionQueries.Filter.ALL)).isEmpty();
        assertThat(Cursors.decode(cursor, new TransactionQueries.Filter(new PodId("trip"), null, TransactionStatus.FAILED, null)))
                .isEmpty();
    }

    @Test
    void givenAnyOneCharacterChanged_thenRefused() {
        String cursor = Cursors.encode(POSITION, TRIP);
        for (int i = 0; i < cursor.length(); i++) {
            char other = cursor.charAt(i) == 'A' ? 'B' : 'A';
            String garbled = cursor.substring(0, i) + other + cursor.substring(i + 1);
            assertThat(Cursors.decode(garbled, TRIP)).as("changed at %d: %s", i, garbled).isEmpty();
        }
    }

    @Test
    void givenTextThatIsNoCursor_thenRefusedWithoutThrowing() {
        for (String text : new String[] {"", "!!!", "not a cursor", "abc", "A".repeat(Cursors.CURSOR_CHARS_MAX + 1),
            Base64.getUrlEncoder().encodeToString(new byte[21]), "%00", "AQ=="}) {
            assertThat(Cursors.decode(text, TRIP)).as(text).isEmpty();
        }
        assertThat(Cursors.decode(null, TRIP)).isEmpty();
    }

    @Test
    void givenAForgedPositionWithAValidChecksum_thenItOnlyMovesWhereThePageStarts() {
        Position forged = new Position(0, 1);

        assertThat(Cursors.decode(Cursors.encode(forged, TRIP), TRIP)).contains(forged);
    }
}
