package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MixTest {

    @Test
    void selectsByCumulativeShare() {
        Mix mix = Mix.parse("90,5,5");

        assertThat(mix.select(0.0)).isEqualTo(Operation.TRANSFER);
        assertThat(mix.select(0.8999)).isEqualTo(Operation.TRANSFER);
        assertThat(mix.select(0.90)).isEqualTo(Operation.FX_SWAP);
        assertThat(mix.select(0.9499)).isEqualTo(Operation.FX_SWAP);
        assertThat(mix.select(0.9501)).isEqualTo(Operation.WITHDRAWAL);
        assertThat(mix.select(0.999999)).isEqualTo(Operation.WITHDRAWAL);
    }

    @Test
    void sharesAreNormalised() {
        assertThat(Mix.parse("0.9, 0.05, 0.05")).isEqualTo(Mix.parse("18,1,1"));
        assertThat(Mix.parse("1,1,2").share(Operation.WITHDRAWAL)).isEqualTo(0.5);
    }

    @Test
    void aZeroShareIsNeverSelected() {
        Mix transfersOnly = Mix.parse("1,0,0");
        Mix noWithdrawals = Mix.parse("1,1,0");

        for (double u = 0; u < 1; u += 0.001) {
            assertThat(transfersOnly.select(u)).isEqualTo(Operation.TRANSFER);
            assertThat(noWithdrawals.select(u)).isNotEqualTo(Operation.WITHDRAWAL);
        }
    }

    @Test
    void drawnFrequenciesFollowTheShares() {
        Mix mix = Mix.DEFAULT;
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        int[] counts = new int[3];
        for (int i = 0; i < 100_000; i++) {
            counts[mix.select(random.nextDouble()).ordinal()]++;
        }

        assertThat(counts[0]).isBetween(89_000, 91_000);
        assertThat(counts[1]).isBetween(4_500, 5_500);
        assertThat(counts[2]).isBetween(4_500, 5_500);
    }

    @Test
    void refusesNegativeOrEmptyMixes() {
        assertThatThrownBy(() -> Mix.parse("0,0,0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mix.parse("90,-5,5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mix.parse("90,10")).isInstanceOf(IllegalArgumentException.class);
    }
}
