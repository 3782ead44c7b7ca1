package io.crowdpay.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceIdsTest {

    @Test
    void idsAreThePrefixAnd26Base32CharactersAndNeverRepeatAcrossManyPoolRefills() {
        int n = 200_000; // 17 bytes each: ~3,300 refills of the thread's pool
        Set<String> seen = new HashSet<>();
        int[][] symbolsAt = new int[26][32];
        String alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        for (int i = 0; i < n; i++) {
            String id = ServiceIds.next("tx_");
            assertThat(id).matches("tx_[0-9a-hjkmnp-tv-z]{26}");
            assertThat(seen.add(id)).as("repeated id %s", id).isTrue();
            for (int p = 0; p < 26; p++) {
                symbolsAt[p][alphabet.indexOf(id.charAt(3 + p))]++;
            }
        }
        // Every position uses every symbol about equally (expected 6,250 each; 5,500 is > 9 sigma away),
        // so no byte of the pool is handed out twice or skipped into a constant.
        for (int p = 0; p < 25; p++) {
            for (int s = 0; s < 32; s++) {
                assertThat(symbolsAt[p][s]).as("position %d symbol %s", p, alphabet.charAt(s)).isBetween(5_500, 7_000);
            }
        }
    }

    @Test
    void traceIdsAre32HexCharactersNeverAllZero() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ServiceIds.traceId();
            assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            assertThat(seen.add(id)).isTrue();
        }
    }
}
