package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PodChoiceTest {

    @Test
    void withoutSkewEveryPodGetsAnEqualShare() {
        PodChoice choice = new PodChoice(4, 0);

        assertThat(choice.select(0.0)).isZero();
        assertThat(choice.select(0.26)).isEqualTo(1);
        assertThat(choice.select(0.9999)).isEqualTo(3);
        assertThat(choice.share(2)).isEqualTo(0.25);
    }

    @Test
    void theHotPodTakesItsShareAndTheOthersSplitTheRest() {
        PodChoice choice = new PodChoice(11, 0.5);
        SplittableRandom random = new SplittableRandom(7);
        int[] counts = new int[11];
        for (int i = 0; i < 200_000; i++) {
            counts[choice.select(random.nextDouble())]++;
        }

        assertThat(counts[0] / 200_000.0).isCloseTo(0.5, within(0.01));
        for (int p = 1; p < 11; p++) {
            assertThat(counts[p] / 200_000.0).isCloseTo(0.05, within(0.005));
        }
        assertThat(choice.share(0)).isEqualTo(0.5);
        assertThat(choice.share(3)).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void aSinglePodTakesEverything() {
        PodChoice choice = new PodChoice(1, 0.7);

        assertThat(choice.select(0.99)).isZero();
        assertThat(choice.share(0)).isEqualTo(1.0);
    }
}
