package io.crowdpay.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.journal.SnapshotStore;
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

    @Test
    void snapshotsArePacedAt64MegabytesPerSecondUnlessToldOtherwiseAndZeroMeansUnpaced() {
        assertThat(ServiceConfig.fromEnv(Map.of()).pipeline().snapshotWriteBytesPerSecond()).isEqualTo(64L << 20);
        assertThat(ServiceConfig.fromEnv(Map.of("SNAPSHOT_WRITE_MB_PER_S", "200")).pipeline().snapshotWriteBytesPerSecond())
                .isEqualTo(200L << 20);
        assertThat(ServiceConfig.fromEnv(Map.of("SNAPSHOT_WRITE_MB_PER_S", "0")).pipeline().snapshotWriteBytesPerSecond())
                .isEqualTo(SnapshotStore.UNPACED);
        assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("SNAPSHOT_WRITE_MB_PER_S", "-1")))
                .isInstanceOf(OpsFiles.Invalid.class).hasMessageContaining("SNAPSHOT_WRITE_MB_PER_S");
    }

    @Test
    void theEngineTablesAreReservedForEightMillionEntriesUnlessToldOtherwise() {
        assertThat(ServiceConfig.fromEnv(Map.of()).tableReserveEntries()).isEqualTo(8_388_608);
        assertThat(ServiceConfig.fromEnv(Map.of("TABLE_RESERVE_ENTRIES", "1000")).tableReserveEntries()).isEqualTo(1_000);
        assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("TABLE_RESERVE_ENTRIES", "lots")))
                .isInstanceOf(OpsFiles.Invalid.class).hasMessageContaining("TABLE_RESERVE_ENTRIES");
    }

    @Test
    void theEmbeddedProjectionKeepsFiftyThousandTransactionsUnlessToldOtherwise() {
        assertThat(ServiceConfig.fromEnv(Map.of()).memoryProjectionTransactions()).isEqualTo(50_000);
        assertThat(ServiceConfig.fromEnv(Map.of("MEMORY_PROJECTION_TRANSACTIONS", "250000")).memoryProjectionTransactions())
                .isEqualTo(250_000);
        assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("MEMORY_PROJECTION_TRANSACTIONS", "999")))
                .isInstanceOf(OpsFiles.Invalid.class).hasMessageContaining("MEMORY_PROJECTION_TRANSACTIONS");
        assertThatThrownBy(() -> ServiceConfig.fromEnv(Map.of("MEMORY_PROJECTION_TRANSACTIONS", "5000001")))
                .isInstanceOf(OpsFiles.Invalid.class).hasMessageContaining("MEMORY_PROJECTION_TRANSACTIONS");
    }

    @Test
    void theTablesAreReservedForTheKeyCapAsFarAsAnEighthOfTheHeapHoldsThem() {
        ServiceConfig defaults = ServiceConfig.fromEnv(Map.of());
        long gib = 1L << 30;
        assertThat(defaults.tableReserve(5_000_000, 8 * gib)).isEqualTo(5_000_000);
        assertThat(defaults.tableReserve(100_000, 8 * gib)).isEqualTo(100_000);
        // 5M would take 8M places (864 MB): more than an eighth of 4 GiB, so 4M places.
        assertThat(defaults.tableReserve(5_000_000, 4 * gib)).isEqualTo(4_194_304);
        assertThat(defaults.tableReserve(5_000_000, gib)).isEqualTo(1_048_576);
        assertThat(ServiceConfig.fromEnv(Map.of("TABLE_RESERVE_ENTRIES", "0")).tableReserve(5_000_000, 8 * gib)).isZero();
    }
}
