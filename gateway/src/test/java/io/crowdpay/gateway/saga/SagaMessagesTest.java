package io.crowdpay.gateway.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.transaction.Leg;
import io.crowdpay.engine.transaction.TransactionId;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every saga input becomes exactly one journaled command, or is refused as poison with a reason. */
class SagaMessagesTest {

    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenEachInputKind_whenRead_thenTheCommandItStandsFor() throws Exception {
        TransactionId tx = new TransactionId("tx_1");
        assertThat(SagaMessages.toCommand(SagaSubjects.legResult(Leg.FX), SagaMessages.legResult(tx, Leg.FX, false, "no liquidity")))
                .isEqualTo(new Command.CompleteLeg(tx, Leg.FX, false, "no liquidity"));
        assertThat(SagaMessages.toCommand(SagaSubjects.legResult(Leg.PAYOUT), SagaMessages.legResult(tx, Leg.PAYOUT, true, null)))
                .isEqualTo(new Command.CompleteLeg(tx, Leg.PAYOUT, true, null));
        assertThat(SagaMessages.toCommand(SagaSubjects.AML_RESULT, SagaMessages.amlResult(tx, true, "watch list")))
                .isEqualTo(new Command.ScreenAml(tx, true, "watch list"));
        assertThat(SagaMessages.toCommand(SagaSubjects.AML_RESULT, json("{'transaction_id':'tx_1','verdict':'clear'}")))
                .isEqualTo(new Command.ScreenAml(tx, false, null));
        assertThat(SagaMessages.toCommand(SagaSubjects.KYC_UPDATED, SagaMessages.kycUpdate(new UserId("u1"), KycStatus.VERIFIED, 2)))
                .isEqualTo(new Command.PutUser(new UserId("u1"), KycStatus.VERIFIED, 2));
    }

    @Test
    void givenAVeryLongReason_whenRead_thenItIsCut() throws Exception {
        Command c = SagaMessages.toCommand(SagaSubjects.AML_RESULT, SagaMessages.amlResult(new TransactionId("tx_1"), true, "x".repeat(5_000)));
        assertThat(((Command.ScreenAml) c).reason()).hasSize(SagaMessages.REASON_CHARS_MAX);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "crowdpay.saga.leg.fx.result|not json|not JSON",
            "crowdpay.saga.leg.fx.result|[1,2]|not a JSON object",
            "crowdpay.saga.leg.fx.result|{'transaction_id':'tx_1','leg':'FX'}|success must be true or false",
            "crowdpay.saga.leg.fx.result|{'transaction_id':'tx_1','leg':'FX','success':'yes'}|success must be true or false",
            "crowdpay.saga.leg.fx.result|{'transaction_id':'tx_1','leg':'PAYOUT','success':true}|answered on the FX subject",
            "crowdpay.saga.leg.fx.result|{'leg':'FX','success':true}|transaction_id is missing",
            "crowdpay.saga.aml.result|{'transaction_id':'tx_1','verdict':'maybe'}|verdict must be hit or clear",
            "crowdpay.saga.kyc.updated|{'user_id':'u1','kyc_status':'VERIFIED','kyc_tier':'two'}|kyc_tier must be a whole number",
            "crowdpay.saga.kyc.updated|{'user_id':'u1','kyc_status':'SUPER','kyc_tier':1}|SUPER",
            "crowdpay.saga.other|{}|no input is read from subject",
    })
    void givenAMalformedMessage_whenRead_thenPoisonWithTheReason(String subject, String body, String why) {
        assertThatThrownBy(() -> SagaMessages.toCommand(subject, json(body))).isInstanceOf(SagaMessages.Malformed.class)
                .hasMessageContaining(why);
    }
}
