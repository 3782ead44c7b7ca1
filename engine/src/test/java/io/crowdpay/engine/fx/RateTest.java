package io.crowdpay.engine.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact decimal rates; conversion rounds down to the bought currency's minor unit. */
class RateTest {

    private static final Currency EUR = Currency.ofCode("EUR");
    private static final Currency USD = Currency.ofCode("USD");
    private static final Currency JPY = Currency.ofCode("JPY");
    private static final Currency BHD = Currency.ofCode("BHD");

    @ParameterizedTest(name = "{0} {1} x {2} = {3} {4}")
    @CsvSource({
            "100, EUR, 1.0857, 108, USD",   // 1.00 x 1.0857 = 1.0857 -> 1.08
            "99, EUR, 1.0857, 107, USD",    // 0.99 x 1.0857 = 1.074843 -> 1.07
            "10000, EUR, 1.0857, 10857, USD",
            "199, EUR, 161.23, 320, JPY",   // 1.99 x 161.23 = 320.8477 -> 320 yen
            "1, JPY, 0.0062, 0, EUR",       // 1 yen is 0.0062 EUR -> nothing
            "1000, JPY, 0.0062, 620, EUR",
            "100, EUR, 0.41, 410, BHD",     // 1.00 x 0.41 = 0.410 BHD, three decimals
            "1, EUR, 0.9999999999, 0, USD"})
    void givenSellAmount_whenConverted_thenRoundedDownToTheBoughtMinorUnit(long sell, String sellCode, String rate, long buy, String buyCode) {
        Money sold = new Money(sell, Currency.ofCode(sellCode));

        assertThat(Rate.parse(rate).convert(sold, Currency.ofCode(buyCode))).isEqualTo(new Money(buy, Currency.ofCode(buyCode)));
    }

    @Test
    void givenRateJustBelowARoundNumber_whenConverted_thenNeverRoundsUp() {
        Money sold = new Money(100_000, EUR); // 1,000.00 EUR

        assertThat(Rate.parse("1.0857999999").convert(sold, USD)).isEqualTo(new Money(108_579, USD));
    }

    @Test
    void givenRateWithTrailingZeros_whenParsed_thenEqualToTheShortForm() {
        assertThat(Rate.parse("1.0850")).isEqualTo(Rate.parse("1.085"));
        assertThat(Rate.parse("100")).isEqualTo(Rate.parse("1E+2"));
        assertThat(Rate.parse("100").toPlainString()).isEqualTo("100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1.2", "0.00000000001", "1000000000000"})
    void givenRateOutOfRange_whenParsed_thenRefused(String rate) {
        assertThatThrownBy(() -> Rate.parse(rate)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenLargestRate_whenParsed_thenAccepted() {
        assertThat(Rate.parse("999999999999.9999999999").value()).isEqualByComparingTo(new BigDecimal("999999999999.9999999999"));
    }

    @Test
    void givenBhdSell_whenConvertedToJpy_thenScalesHonoured() {
        assertThat(Rate.parse("400").convert(new Money(1_005, BHD), JPY)).isEqualTo(new Money(402, JPY));
    }
}
