package io.crowdpay.engine.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ISO 4217 codes and their minor-unit scale, from the JDK's table; non-currencies are null. */
class CurrencyTest {

    @ParameterizedTest(name = "{0} has {1} decimals")
    @CsvSource({"EUR, 2", "USD, 2", "GBP, 2", "JPY, 0", "KRW, 0", "BHD, 3", "KWD, 3", "CLF, 4"})
    void givenRealCurrency_whenLookedUp_thenScaleFromIso4217(String code, int scale) {
        assertThat(Currency.ofCode(code)).isEqualTo(new Currency(code, scale));
    }

    @ParameterizedTest
    @ValueSource(strings = {"XXX", "XAU", "XDR"})
    void givenIsoCodeWithoutFixedMinorUnit_whenLookedUp_thenNull(String code) {
        assertThat(Currency.ofCode(code)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ZZZ", "QQQ"})
    void givenUnknownCode_whenLookedUp_thenNull(String code) {
        assertThat(Currency.ofCode(code)).isNull();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"eur", "Eur", "EURO", "EU", "", " EUR", "E1R"})
    void givenNotAnUpperCaseThreeLetterCode_whenLookedUp_thenNull(String code) {
        assertThat(Currency.ofCode(code)).isNull();
    }

    @Test
    void givenBadCodeOrScale_whenConstructed_thenRefused() {
        assertThatThrownBy(() -> new Currency("eur", 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Currency("EUR", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Currency("EUR", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenSameCodeWithAnotherScale_whenCompared_thenNotEqual() {
        // The scale is part of the value: an amount journaled at a wrong scale never matches the config.
        assertThat(new Currency("EUR", 3)).isNotEqualTo(Currency.ofCode("EUR"));
    }

    @Test
    void givenMoneyInTwoCurrencies_whenAdded_thenRefused() {
        Money eur = new Money(100, Currency.ofCode("EUR"));
        Money usd = new Money(100, Currency.ofCode("USD"));

        assertThatThrownBy(() -> eur.plus(usd)).isInstanceOf(IllegalArgumentException.class);
        assertThat(eur.plus(eur)).isEqualTo(new Money(200, Currency.ofCode("EUR")));
        assertThatThrownBy(() -> new Money(Long.MAX_VALUE, Currency.ofCode("EUR")).plus(eur)).isInstanceOf(ArithmeticException.class);
    }
}
