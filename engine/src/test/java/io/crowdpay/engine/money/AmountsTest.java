package io.crowdpay.engine.money;

import static org.assertj.core.api.Assertions.assertThat;

import io.crowdpay.engine.money.Amounts.Parsed;
import io.crowdpay.engine.money.Amounts.Problem;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API's decimal amounts: fewer decimals than the minor unit are fine, more never are; zero,
 * signs, exponents, separators and whitespace are refused; at most 12 integer digits.
 */
class AmountsTest {

    private static final int EUR = 2;
    private static final int JPY = 0;
    private static final int BHD = 3;

    private static Parsed ok(long minorUnits) {
        return new Parsed(minorUnits, Problem.NONE);
    }

    @Nested
    class Parse {

        @ParameterizedTest(name = "\"{0}\" EUR = {1} cents")
        @CsvSource({"250, 25000", "250.5, 25050", "250.00, 25000", "0.01, 1", "0.1, 10", "1, 100",
                "007, 700", "007.50, 750", "00000000000000001, 100"})
        void givenPlainDecimal_whenParsedForEur_thenExactCents(String value, long cents) {
            assertThat(Amounts.parse(value, EUR)).isEqualTo(ok(cents));
        }

        @Test
        void givenJpy_whenWholeYen_thenYen() {
            assertThat(Amounts.parse("1500", JPY)).isEqualTo(ok(1500));
        }

        @ParameterizedTest(name = "\"{0}\" BHD = {1} fils")
        @CsvSource({"1.234, 1234", "1.2, 1200", "1, 1000", "0.001, 1"})
        void givenBhdScaleThree_whenParsed_thenFils(String value, long fils) {
            assertThat(Amounts.parse(value, BHD)).isEqualTo(ok(fils));
        }

        @Test
        void givenBhd_whenFourDecimals_thenTooManyDecimals() {
            assertThat(Amounts.parse("1.2345", BHD).problem()).isEqualTo(Problem.TOO_MANY_DECIMALS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"250.001", "0.001", "1.000"})
        void givenMoreDecimalsThanEurHas_whenParsed_thenTooManyDecimals(String value) {
            assertThat(Amounts.parse(value, EUR).problem()).isEqualTo(Problem.TOO_MANY_DECIMALS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.5", "1.0", "100.00"})
        void givenAnyDecimalsForJpy_whenParsed_thenTooManyDecimals(String value) {
            assertThat(Amounts.parse(value, JPY).problem()).isEqualTo(Problem.TOO_MANY_DECIMALS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0.00", "00", "0.0", "000.00"})
        void givenZero_whenParsed_thenNotPositive(String value) {
            assertThat(Amounts.parse(value, EUR)).isEqualTo(new Parsed(0, Problem.NOT_POSITIVE));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "+1", "1e3", "1E3", "1,000", "1,5", " 1", "1 ", "1 000", ".", "1.", ".5",
                "1.2.3", "abc", "0x10", "١٢", "１", "Infinity", "NaN", "--1", "1_000"})
        void givenAnythingButPlainDigits_whenParsed_thenMalformed(String value) {
            assertThat(Amounts.parse(value, EUR)).isEqualTo(new Parsed(0, Problem.MALFORMED));
        }

        @ParameterizedTest
        @NullAndEmptySource
        void givenNothing_whenParsed_thenMalformed(String value) {
            assertThat(Amounts.parse(value, EUR).problem()).isEqualTo(Problem.MALFORMED);
        }

        @Test
        void givenTwelveIntegerDigits_whenParsed_thenAccepted() {
            assertThat(Amounts.parse("999999999999.99", EUR)).isEqualTo(ok(99_999_999_999_999L));
        }

        @Test
        void givenThirteenIntegerDigits_whenParsed_thenTooLarge() {
            assertThat(Amounts.parse("1000000000000", EUR).problem()).isEqualTo(Problem.TOO_LARGE);
        }

        @Test
        void givenThirteenDigitsOfWhichLeadingZeros_whenParsed_thenOnlySignificantDigitsCount() {
            assertThat(Amounts.parse("0999999999999", EUR)).isEqualTo(ok(99_999_999_999_900L));
        }

        @Test
        void givenDigitsThatWouldOverflowALong_whenParsed_thenTooLargeNotAnException() {
            assertThat(Amounts.parse("99999999999999999999999999", EUR).problem()).isEqualTo(Problem.TOO_LARGE);
        }

        @Test
        void givenLargestAmountAtTheWidestScale_whenParsed_thenFitsInALong() {
            assertThat(Amounts.parse("999999999999.9999", 4)).isEqualTo(ok(9_999_999_999_999_999L));
        }

        @Test
        void givenMalformedAndTooManyDecimals_whenParsed_thenMalformedWins() {
            assertThat(Amounts.parse("-1.001", EUR).problem()).isEqualTo(Problem.MALFORMED);
        }
    }

    @Nested
    class Format {

        @ParameterizedTest(name = "{0} at scale {1} = \"{2}\"")
        @CsvSource({"25000, 2, 250.00", "25050, 2, 250.50", "5, 2, 0.05", "0, 2, 0.00", "1, 3, 0.001",
                "1234, 3, 1.234", "1500, 0, 1500", "0, 0, 0", "-5, 2, -0.05", "-25000, 2, -250.00",
                "9223372036854775807, 2, 92233720368547758.07", "-9223372036854775808, 2, -92233720368547758.08"})
        void givenMinorUnits_whenFormatted_thenExactlyTheMinorUnitDigits(long minor, int scale, String expected) {
            assertThat(Amounts.format(minor, scale)).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"250", "250.5", "0.01", "999999999999.99", "007.1"})
        void givenParsedAmount_whenFormattedAndParsedAgain_thenSameMinorUnits(String value) {
            long minor = Amounts.parse(value, EUR).minorUnits();

            assertThat(Amounts.parse(Amounts.format(minor, EUR), EUR)).isEqualTo(ok(minor));
        }

        @Test
        void givenMoney_whenPrinted_thenDecimalAndCode() {
            Money money = new Money(25_050, Currency.ofCode("EUR"));

            assertThat(money.toDecimalString()).isEqualTo("250.50");
            assertThat(money).hasToString("250.50 EUR");
        }
    }
}
