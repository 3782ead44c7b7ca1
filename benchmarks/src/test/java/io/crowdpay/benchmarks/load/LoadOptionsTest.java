package io.crowdpay.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    @Test
    void defaultsNeedNoArguments() {
        LoadOptions o = LoadOptions.parse();

        assertThat(o.rate()).isEqualTo(1_000);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.warmupRamp()).isEqualTo(0.1);
        assertThat(o.depth()).isEqualTo(16);
        assertThat(o.ioThreads()).isEqualTo(1);
        assertThat(o.mix()).isEqualTo(Mix.DEFAULT);
        assertThat(o.hostPort()).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void readsEveryKindOfValue() {
        LoadOptions o = LoadOptions.parse("--rate", "25000", "--duration", "2m", "--warmup", "500ms", "--mix", "1,0,0",
                "--hot-pod-share", "0.5", "--url", "http://localhost:9000/", "--daily-budget-eur", "50000.5");

        assertThat(o.rate()).isEqualTo(25_000);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.warmup()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.mix().share(Operation.TRANSFER)).isEqualTo(1.0);
        assertThat(o.hotPodShare()).isEqualTo(0.5);
        assertThat(o.hostPort()).isEqualTo("localhost:9000");
        assertThat(o.url() + "/v1/users/u1").isEqualTo("http://localhost:9000/v1/users/u1");
        assertThat(o.dailyBudgetCents()).isEqualTo(5_000_050);
    }

    @Test
    void durationsTakeUnits() {
        assertThat(LoadOptions.parseDuration("x", "250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(LoadOptions.parseDuration("x", "1.5s")).isEqualTo(Duration.ofMillis(1_500));
        assertThat(LoadOptions.parseDuration("x", "7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void refusesWhatItDoesNotKnowOrCannotHonour() {
        assertThatThrownBy(() -> LoadOptions.parse("--rat", "5")).hasMessageContaining("unknown option(s): --rat");
        assertThatThrownBy(() -> LoadOptions.parse("--depth", "18")).hasMessageContaining("--depth");
        assertThatThrownBy(() -> LoadOptions.parse("--rate", "0")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> LoadOptions.parse("--duration", "soon")).hasMessageContaining("--duration");
        assertThatThrownBy(() -> LoadOptions.parse("--rate")).hasMessageContaining("expected --name value");
        assertThatThrownBy(() -> LoadOptions.parse("--warmup-ramp", "0")).hasMessageContaining("--warmup-ramp");
        assertThatThrownBy(() -> LoadOptions.parse("--warmup-ramp", "1.5")).hasMessageContaining("--warmup-ramp");
        assertThat(LoadOptions.parse("--warmup-ramp", "1").warmupRamp()).isEqualTo(1.0);
    }
}
