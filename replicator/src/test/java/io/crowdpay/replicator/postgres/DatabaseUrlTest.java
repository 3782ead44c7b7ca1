package io.crowdpay.replicator.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "postgresql+asyncpg://user:pwd@localhost:5432/transactions",
        "postgresql://user:pwd@localhost:5432/transactions",
        "postgres://user:pwd@localhost:5432/transactions",
        "jdbc:postgresql://localhost:5432/transactions?user=user&password=pwd",
        "PostgreSQL://user:pwd@localhost:5432/transactions"
    })
    void givenAnyAcceptedForm_whenParsed_thenSameJdbcUrlAndCredentials(String url) {
        DatabaseUrl parsed = DatabaseUrl.parse(url);

        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/transactions");
        assertThat(parsed.user()).isEqualTo("user");
        assertThat(parsed.password()).isEqualTo("pwd");
    }

    @Test
    void givenPercentEncodedCredentials_whenParsed_thenDecodedAndPlusKept() {
        DatabaseUrl parsed = DatabaseUrl.parse("postgresql://app%20user:p%40ss%2Fw+rd%3A1@db.internal/ledger");

        assertThat(parsed.user()).isEqualTo("app user");
        assertThat(parsed.password()).isEqualTo("p@ss/w+rd:1");
        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal/ledger");
    }

    @Test
    void givenUnencodedAtAndSlashInPassword_whenParsed_thenLastAtEndsTheCredentials() {
        DatabaseUrl parsed = DatabaseUrl.parse("postgresql://user:p@ss/word@host:6432/db");

        assertThat(parsed.password()).isEqualTo("p@ss/word");
        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://host:6432/db");
    }

    @Test
    void givenQueryParameters_whenParsed_thenKeptExceptCredentials() {
        DatabaseUrl parsed = DatabaseUrl.parse(
                "jdbc:postgresql://h1:5432,h2:5433/db?sslmode=verify-full&password=s3cret&connectTimeout=5&user=app");

        assertThat(parsed.jdbcUrl())
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db?sslmode=verify-full&connectTimeout=5");
        assertThat(parsed.user()).isEqualTo("app");
        assertThat(parsed.password()).isEqualTo("s3cret");
    }

    @Test
    void givenAsyncpgSslParameter_whenParsed_thenBecomesSslmode() {
        assertThat(DatabaseUrl.parse("postgresql+asyncpg://u:p@h/db?ssl=require").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?sslmode=require");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db?ssl=true").jdbcUrl())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true");
    }

    @Test
    void givenNoCredentials_whenParsed_thenUserAndPasswordAbsent() {
        DatabaseUrl parsed = DatabaseUrl.parse("postgresql://[::1]:5432/test");

        assertThat(parsed.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/test");
        assertThat(parsed.user()).isNull();
        assertThat(parsed.password()).isNull();
        assertThat(DatabaseUrl.parse("postgresql://root@127.0.0.1/test").password()).isNull();
    }

    @Test
    void givenAnotherScheme_whenParsed_thenErrorNamesItAndTheAcceptedForms() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://user:hunter2@host/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mysql'")
                .hasMessageContaining("postgresql://")
                .hasMessageContaining("postgresql+asyncpg://")
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "user:hunter2@host/db",
        "postgresql://user:hunter2@host",
        "postgresql://user:hunter2@host/",
        "postgresql://user:hunter2@/db",
        "postgresql://user:hun%zzter2@host/db"
    })
    void givenMalformedUrl_whenParsed_thenClearErrorWithoutThePassword(String url) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DATABASE_URL ")
                .hasMessageContaining("expected postgresql://")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("hun%zzter2");
    }

    @Test
    void givenNothing_whenParsed_thenErrorSaysItIsNotSet() {
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageStartingWith("DATABASE_URL is not set");
        assertThatThrownBy(() -> DatabaseUrl.parse(null)).hasMessageStartingWith("DATABASE_URL is not set");
    }

    @Test
    void givenParsedUrl_whenPrinted_thenPasswordMasked() {
        assertThat(DatabaseUrl.parse("postgresql://user:hunter2@host/db").toString())
                .contains("jdbc:postgresql://host/db", "user=user", "password=***")
                .doesNotContain("hunter2");
    }
}
