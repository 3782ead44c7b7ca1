package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.BOB;
import static io.crowdpay.engine.EngineFixture.BOB_WALLET;
import static io.crowdpay.engine.EngineFixture.EUR_USD;
import static io.crowdpay.engine.EngineFixture.MEMBER;
import static io.crowdpay.engine.EngineFixture.NO_KYC;
import static io.crowdpay.engine.EngineFixture.OUTSIDER;
import static io.crowdpay.engine.EngineFixture.PENDING_KYC;
import static io.crowdpay.engine.EngineFixture.REJECTED_KYC;
import static io.crowdpay.engine.EngineFixture.UNKNOWN_USER;
import static io.crowdpay.engine.EngineFixture.USD;
import static io.crowdpay.engine.EngineFixture.VIEWER;
import static io.crowdpay.engine.EngineFixture.eur;

import io.crowdpay.engine.fx.FxQuote;
import io.crowdpay.engine.transaction.TransactionType;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Who may initiate what: membership first, then the role, then KYC. */
class AccessTest {

    private final EngineFixture fx = EngineFixture.given();

    @Test
    void givenMemberNeverReportedByKyc_whenTransfer_thenKycNotVerified() {
        fx.fund(eur("10.00"));

        fx.transfer(eur("1.00")).by(UNKNOWN_USER).rejected(Rejection.KYC_NOT_VERIFIED);
    }

    @Test
    void givenKycPending_whenTransfer_thenKycNotVerified() {
        fx.fund(eur("10.00"));

        fx.transfer(eur("1.00")).by(PENDING_KYC).rejected(Rejection.KYC_NOT_VERIFIED);
    }

    @Test
    void givenKycRejected_whenTransfer_thenKycNotVerified() {
        fx.fund(eur("10.00"));

        fx.transfer(eur("1.00")).by(REJECTED_KYC).rejected(Rejection.KYC_NOT_VERIFIED);
    }

    @Test
    void givenKycNeverStarted_whenTopUp_thenKycNotVerified() {
        fx.topUpRequest(eur("1.00")).by(NO_KYC).rejected(Rejection.KYC_NOT_VERIFIED);
    }

    @Test
    void givenKycPending_whenVerifiedLater_thenTransferAccepted() {
        fx.fund(eur("10.00"));
        fx.transfer(eur("1.00")).by(PENDING_KYC).rejected(Rejection.KYC_NOT_VERIFIED);

        fx.putUser(PENDING_KYC, KycStatus.VERIFIED, 1);

        fx.transfer(eur("1.00")).by(PENDING_KYC).accepted();
    }

    @Test
    void givenVerifiedMember_whenKycRevoked_thenKycNotVerified() {
        fx.fund(eur("10.00"));
        fx.transfer(eur("1.00")).by(MEMBER).accepted();

        fx.putUser(MEMBER, KycStatus.REJECTED, 1);

        fx.transfer(eur("1.00")).by(MEMBER).rejected(Rejection.KYC_NOT_VERIFIED);
    }

    @Test
    void givenUserOfAnotherPod_whenTransferFromThisPod_thenNotAMember() {
        fx.fund(eur("10.00"));

        fx.transfer(eur("1.00")).by(OUTSIDER).rejected(Rejection.NOT_A_MEMBER);
    }

    @Test
    void givenUserInNoPod_whenTopUpThisPod_thenNotAMember() {
        fx.topUpRequest(eur("1.00")).by(BOB).rejected(Rejection.NOT_A_MEMBER);
    }

    @Test
    void givenNonMemberWithoutKyc_whenTransfer_thenNotAMemberComesFirst() {
        fx.transfer(eur("1.00")).by(new UserId("u_stranger")).rejected(Rejection.NOT_A_MEMBER);
    }

    @ParameterizedTest
    @EnumSource(TransactionType.class)
    void givenViewer_whenInitiatingAnything_thenRoleNotAllowed(TransactionType type) {
        fx.fund(eur("10.00"));

        fx.request(type, eur("1.00")).by(VIEWER).to(BOB_WALLET).payout(EngineFixture.CLEAN_PAYOUT)
                .rejected(Rejection.ROLE_NOT_ALLOWED);
    }

    @Test
    void givenMemberRole_whenWithdraw_thenRoleNotAllowed() {
        fx.fund(eur("10.00"));

        fx.withdrawal(eur("1.00")).by(MEMBER).rejected(Rejection.ROLE_NOT_ALLOWED);
    }

    @Test
    void givenMemberRole_whenFxSwap_thenRoleNotAllowed() {
        fx.fund(eur("10.00"));
        FxQuote quote = fx.quote(eur("1.00"), USD, EUR_USD);

        fx.swap(quote).by(MEMBER).rejected(Rejection.ROLE_NOT_ALLOWED);
    }

    @Test
    void givenMemberWithPendingKyc_whenWithdraw_thenRoleIsCheckedBeforeKyc() {
        fx.withdrawal(eur("1.00")).by(PENDING_KYC).rejected(Rejection.ROLE_NOT_ALLOWED);
    }
}
