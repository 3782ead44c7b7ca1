package io.crowdpay.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

    @Test
    void thePipelineIsFusedUnlessAskedToBeStaged() {
        assertThat(ServiceConfig.fromEnv(Map.of()).pipeline().layout()).isEqualTo("fused");
        assertThat(ServiceConfig.fromEnv(Map.of("PIPELINE_LAYOUT", "staged")).pipeline().layout()).isEqualTo("staged");
    }

    @Test
    void anUnknownLayoutIsRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("PIPELINE_LAYOUT", "parallel")))
                .isInstanceOf(OpsFiles.Invalid.class)
                .hasMessageContaining("PIPELINE_LAYOUT")
                .hasMessageContaining("layout must be fused or staged, not 'parallel'");
    }
}
