package io.crowdpay.engine;

import static io.crowdpay.engine.EngineFixture.BOB;
import static io.crowdpay.engine.EngineFixture.BOB_WALLET;
import static io.crowdpay.engine.EngineFixture.CHF;
import static io.crowdpay.engine.EngineFixture.EUR;
import static io.crowdpay.engine.EngineFixture.GBP;
import static io.crowdpay.engine.EngineFixture.JPY;
import static io.crowdpay.engine.EngineFixture.MEMBER;
import static io.crowdpay.engine.EngineFixture.OWNER;
import static io.crowdpay.engine.EngineFixture.POD;
import static io.crowdpay.engine.EngineFixture.POD_MEMBERS;
import static io.crowdpay.engine.EngineFixture.POD_WALLET;
import static io.crowdpay.engine.EngineFixture.T0;
import static io.crowdpay.engine.EngineFixture.USD;
import static io.crowdpay.engine.EngineFixture.eur;
import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.command.Command;
import io.crowdpay.engine.event.Event;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.pod.Member;
import io.crowdpay.engine.pod.Pod;
import io.crowdpay.engine.pod.PodId;
import io.crowdpay.engine.pod.Role;
import io.crowdpay.engine.user.KycStatus;
import io.crowdpay.engine.user.User;
import io.crowdpay.engine.user.UserId;
import io.crowdpay.engine.wallet.WalletId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Users, pods and personal wallets as the admin API sets them, and the rules' configuration. */
class ReferenceDataTest {

    private final EngineFixture fx = EngineFixture.given();

    private static Command.PutPod pod(List<Currency> currencies, List<Member> members) {
        return new Command.PutPod(POD, "Lisbon trip", currencies, members);
    }

    @Nested
    class Users {

        @Test
        void whenPutUser_thenSavedAndUpserted() {
            UserId carla = new UserId("u_carla");

            Outcome outcome = fx.putUser(carla, KycStatus.VERIFIED, 1);

            User carlaUser = new User(carla, KycStatus.VERIFIED, 1);
            assertThat(outcome).isEqualTo(new Outcome.UserSaved(carlaUser));
            assertThat(fx.events()).containsExactly(new Event.UserUpserted(carlaUser, fx.now()));
            assertThat(fx.engine().state().users()).containsEntry(carla, carlaUser);
        }

        @ParameterizedTest
        @ValueSource(ints = {-1, 3, 127})
        void whenKycTierOutOfRange_thenInvalidRequest(int tier) {
            fx.assertRejected(new Command.PutUser(new UserId("u_carla"), KycStatus.VERIFIED, tier), Rejection.INVALID_REQUEST);
        }
    }

    @Nested
    class Pods {

        @Test
        void whenPutPod_thenPodAndItsWalletCreatedEmpty() {
            PodId id = new PodId("pod_new");
            var command = new Command.PutPod(id, "New pod", List.of(EUR, JPY), List.of(new Member(BOB, Role.OWNER)));

            Outcome outcome = fx.apply(command);

            Pod pod = new Pod(id, "New pod", List.of(EUR, JPY), List.of(new Member(BOB, Role.OWNER)));
            assertThat(outcome).isEqualTo(new Outcome.PodSaved(pod));
            assertThat(fx.events()).containsExactly(new Event.PodUpserted(pod, fx.now()));
            var wallet = fx.engine().state().ledger().wallet(new WalletId("pw_pod_new"));
            assertThat(wallet.pod()).isEqualTo(id);
            assertThat(wallet.owner()).isNull();
            assertThat(wallet.balances()).containsOnlyKeys(EUR, JPY);
        }

        @Test
        void whenPutPodWithoutOwner_thenInvalidRequest() {
            fx.assertRejected(pod(List.of(EUR), List.of(new Member(BOB, Role.ADMIN), new Member(MEMBER, Role.MEMBER))),
                    Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutPodWithDuplicateMember_thenInvalidRequest() {
            fx.assertRejected(pod(List.of(EUR), List.of(new Member(OWNER, Role.OWNER), new Member(OWNER, Role.VIEWER))),
                    Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutPodWithoutMembers_thenInvalidRequest() {
            fx.assertRejected(pod(List.of(EUR), List.of()), Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutPodWithBlankName_thenInvalidRequest() {
            fx.assertRejected(new Command.PutPod(POD, "   ", List.of(EUR), POD_MEMBERS), Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutPodWithNameOverTheLimit_thenInvalidRequest() {
            fx.assertRejected(new Command.PutPod(POD, "x".repeat(Pod.NAME_LENGTH_MAX + 1), List.of(EUR), POD_MEMBERS),
                    Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutPodWithTooManyMembers_thenInvalidRequest() {
            List<Member> members = new ArrayList<>();
            members.add(new Member(OWNER, Role.OWNER));
            for (int i = 0; i < Pod.MEMBERS_MAX; i++) {
                members.add(new Member(new UserId("u_" + i), Role.VIEWER));
            }

            fx.assertRejected(pod(List.of(EUR), members), Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutPodWithoutCurrencies_thenInvalidRequest() {
            fx.assertRejected(pod(List.of(), POD_MEMBERS), Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutPodWithDuplicateCurrency_thenInvalidRequest() {
            fx.assertRejected(pod(List.of(EUR, USD, EUR), POD_MEMBERS), Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutPodWithUnsupportedCurrency_thenCurrencyNotSupported() {
            fx.assertRejected(pod(List.of(EUR, CHF), POD_MEMBERS), Rejection.CURRENCY_NOT_SUPPORTED);
        }

        @Test
        void givenMoneyInACurrency_whenPutPodDropsIt_thenInvalidRequest() {
            fx.fund(eur("0.01"));

            fx.assertRejected(pod(List.of(USD, JPY, GBP), POD_MEMBERS), Rejection.INVALID_REQUEST);
        }

        @Test
        void givenOnlyHeldMoneyInACurrency_whenPutPodDropsIt_thenInvalidRequest() {
            fx.fund(eur("10.00"));
            fx.withdrawal(eur("10.00")).accepted();
            assertThat(fx.available(POD_WALLET, EUR)).isZero();

            fx.assertRejected(pod(List.of(USD, JPY, GBP), POD_MEMBERS), Rejection.INVALID_REQUEST);
        }

        @Test
        void givenEmptyBalance_whenPutPodDropsTheCurrency_thenBalanceClosed() {
            fx.apply(pod(List.of(EUR, USD), POD_MEMBERS));

            assertThat(fx.engine().state().ledger().wallet(POD_WALLET).balances()).containsOnlyKeys(EUR, USD);
            fx.topUpRequest(EngineFixture.money("1.00", GBP)).rejected(Rejection.CURRENCY_NOT_SUPPORTED);
        }

        @Test
        void givenFundedPod_whenPutPodAddsACurrency_thenExistingBalancesKept() {
            fx.fund(eur("10.00"));
            fx.apply(pod(List.of(EUR), POD_MEMBERS));

            fx.apply(pod(List.of(EUR, USD), POD_MEMBERS));

            assertThat(fx.available(POD_WALLET, EUR)).isEqualTo(1_000);
            assertThat(fx.balance(POD_WALLET, USD).total()).isZero();
        }

        @Test
        void givenMember_whenPutPodRemovesThem_thenNotAMember() {
            fx.fund(eur("10.00"));
            List<Member> withoutMember = POD_MEMBERS.stream().filter(m -> !m.userId().equals(MEMBER)).toList();

            fx.apply(pod(List.of(EUR, USD, JPY, GBP), withoutMember));

            fx.transfer(eur("1.00")).by(MEMBER).rejected(Rejection.NOT_A_MEMBER);
        }
    }

    @Nested
    class Wallets {

        @Test
        void whenPutWallet_thenPersonalWalletCreated() {
            WalletId id = new WalletId("w_carla");

            Outcome outcome = fx.putWallet(id, BOB, EUR);

            var view = EngineFixture.expect(outcome, Outcome.WalletFound.class).wallet();
            assertThat(view.owner()).isEqualTo(BOB);
            assertThat(view.pod()).isNull();
            assertThat(fx.events()).containsExactly(new Event.WalletUpserted(id, fx.now()));
        }

        @Test
        void whenPutWalletWithReservedPodPrefix_thenInvalidRequest() {
            fx.assertRejected(new Command.PutWallet(new WalletId("pw_pod_trip"), BOB, List.of(EUR)), Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutWalletWithReservedPrefixForNoPod_thenInvalidRequest() {
            fx.assertRejected(new Command.PutWallet(new WalletId("pw_anything"), BOB, List.of(EUR)), Rejection.INVALID_REQUEST);
        }

        @Test
        void whenPutWalletWithUnsupportedCurrency_thenCurrencyNotSupported() {
            fx.assertRejected(new Command.PutWallet(new WalletId("w_carla"), BOB, List.of(CHF)), Rejection.CURRENCY_NOT_SUPPORTED);
        }

        @Test
        void whenPutWalletWithoutCurrencies_thenInvalidRequest() {
            fx.assertRejected(new Command.PutWallet(new WalletId("w_carla"), BOB, List.of()), Rejection.INVALID_REQUEST);
        }

        @Test
        void givenMoneyInPersonalWallet_whenPutWalletDropsTheCurrency_thenInvalidRequest() {
            fx.fundPersonal(BOB_WALLET, eur("5.00"));

            fx.assertRejected(new Command.PutWallet(BOB_WALLET, BOB, List.of(USD, JPY)), Rejection.INVALID_REQUEST);
        }

        @Test
        void givenPersonalWallet_whenPutWalletWithNewOwner_thenOwnerChanged() {
            fx.putWallet(BOB_WALLET, MEMBER, EUR, USD, JPY);

            assertThat(fx.engine().state().ledger().wallet(BOB_WALLET).owner()).isEqualTo(MEMBER);
        }
    }

    @Nested
    class Configuration {

        @Test
        void whenConfigure_thenEngineConfiguredWithConfigHash() {
            var config = ConfigBuilder.standard().velocity(7, 1_000).build();

            assertThat(fx.apply(new Command.Configure(config))).isEqualTo(Outcome.APPLIED);

            assertThat(fx.events()).containsExactly(new Event.EngineConfigured(StateHash.ofConfig(config), fx.now()));
            assertThat(fx.engine().state().config()).isEqualTo(config);
        }

        @Test
        void givenUnconfiguredEngine_whenPutPod_thenCurrencyNotSupportedSoNoMoneyMovesBeforeConfiguration() {
            Engine engine = new Engine();

            Outcome outcome = engine.apply(new Command.PutPod(POD, "Lisbon trip", List.of(EUR), POD_MEMBERS), T0);

            assertThat(outcome).isInstanceOfSatisfying(Outcome.Rejected.class,
                    r -> assertThat(r.rejection()).isEqualTo(Rejection.CURRENCY_NOT_SUPPORTED));
            assertThat(engine.state().pods()).isEmpty();
        }

        @Test
        void givenCurrencyWithdrawnFromConfiguration_whenTransferInIt_thenCurrencyNotSupported() {
            fx.fund(eur("10.00"));

            fx.apply(new Command.Configure(ConfigBuilder.standard().currencies(USD, JPY, GBP).build()));

            fx.transfer(eur("1.00")).rejected(Rejection.CURRENCY_NOT_SUPPORTED);
        }
    }
}
