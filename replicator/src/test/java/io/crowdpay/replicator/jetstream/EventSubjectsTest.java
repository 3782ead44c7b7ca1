package io.crowdpay.replicator.jetstream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSubjectsTest {

    private final EventSubjects subjects = new EventSubjects("crowdpay");

    @ParameterizedTest
    @CsvSource({
            "FundsHeld.v1, crowdpay.tx.funds_held.v1",
            "Posted.v1, crowdpay.tx.posted.v1",
            "TransactionInitiated.v2, crowdpay.tx.transaction_initiated.v2",
            "FXQuoteIssued.v1, crowdpay.tx.fx_quote_issued.v1",
            "Sha256Computed.v10, crowdpay.tx.sha256_computed.v10"
    })
    void givenStableTypeName_whenMapped_thenLowerSnakeWithVersionKept(String type, String subject) {
        assertThat(subjects.forType(type)).isEqualTo(subject);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FundsHeld", "fundsHeld.v1", "FundsHeld.v0", "Funds Held.v1", "FundsHeld.v1.x", "Funds.Held.v1", "FundsHeld.V1", ""})
    void givenMalformedTypeName_whenMapped_thenRefused(String type) {
        assertThatThrownBy(() -> subjects.forType(type)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenPrefix_whenAllAsked_thenWildcardUnderTx() {
        assertThat(subjects.all()).isEqualTo("crowdpay.tx.>");
    }

    @Test
    void givenDuplicateWindowLongerThanAgeMax_whenSettingsBuilt_thenRefused() {
        assertThatThrownBy(() -> StreamSettings.defaults().withDuplicateWindow(Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ageMax");
    }

    @Test
    void givenSubjectPrefixWithWildcard_whenSettingsBuilt_thenRefused() {
        assertThatThrownBy(() -> StreamSettings.defaults().withNames("S", "crowdpay.*"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
