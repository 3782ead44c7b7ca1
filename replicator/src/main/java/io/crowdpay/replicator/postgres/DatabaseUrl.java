package io.crowdpay.replicator.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code DATABASE_URL} turned into what JDBC wants: a URL without credentials, and the user and the
 * password apart, so the password never ends up in a log line that prints the URL.
 *
 * <p>The seed gives the URL in SQLAlchemy's {@code postgresql+asyncpg://} form; operators also
 * write libpq's {@code postgresql://} and {@code postgres://}, and Java people
 * {@code jdbc:postgresql://}. All four mean the same thing here. As in libpq, special characters in
 * the user and password are percent-encoded; a {@code +} stays a plus (it is not a form encoding).
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    static final String ACCEPTED_FORMS = "postgresql://user:password@host:5432/db?sslmode=require"
            + " (or the same after postgres://, postgresql+asyncpg:// or jdbc:postgresql://)";

    private static final List<String> SCHEMES =
            List.of("postgresql://", "postgres://", "postgresql+asyncpg://", "jdbc:postgresql://");

    /** asyncpg names libpq's {@code sslmode} {@code ssl}; JDBC reads {@code ssl} as a boolean. */
    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private static final Pattern SCHEME_SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,30}");

    /** Reads {@code DATABASE_URL} from the environment. */
    public static DatabaseUrl fromEnvironment() {
        return parse(System.getenv("DATABASE_URL"));
    }

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("is not set");
        }
        String rest = withoutScheme(url.strip());
        int queryAt = rest.indexOf('?');
        String beforeQuery = queryAt < 0 ? rest : rest.substring(0, queryAt);
        String query = queryAt < 0 ? "" : rest.substring(queryAt + 1);
        // The last '@' ends the credentials, so an unencoded '@' or '/' in a password still parses.
        int at = beforeQuery.lastIndexOf('@');
        int slash = beforeQuery.indexOf('/', at + 1);
        if (slash < 0 || slash == beforeQuery.length() - 1) {
            throw invalid("names no database (expected .../db after the host)");
        }
        String hosts = beforeQuery.substring(at + 1, slash);
        if (hosts.isEmpty()) {
            throw invalid("names no host");
        }
        String database = beforeQuery.substring(slash + 1);
        String userInfo = at < 0 ? null : beforeQuery.substring(0, at);
        return assemble(hosts, database, userInfo, query);
    }

    private static DatabaseUrl assemble(String hosts, String database, String userInfo, String query) {
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
        }
        List<String> params = new ArrayList<>();
        String[] given = query.isEmpty() ? new String[0] : query.split("&");
        boolean sslModeGiven = Arrays.stream(given).anyMatch(param -> param.startsWith("sslmode="));
        for (String param : given) {
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "" : param.substring(eq + 1);
            switch (name) {
                case "user" -> user = user != null ? user : decode(value, "user");
                case "password" -> password = password != null ? password : decode(value, "password");
                case "ssl" -> params.add(!sslModeGiven && SSL_MODES.contains(value) ? "sslmode=" + value : param);
                default -> params.add(param);
            }
        }
        String jdbcUrl = "jdbc:postgresql://" + hosts + "/" + database
                + (params.isEmpty() ? "" : "?" + String.join("&", params));
        return new DatabaseUrl(jdbcUrl, user, password);
    }

    private static String withoutScheme(String url) {
        for (String scheme : SCHEMES) {
            if (url.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return url.substring(scheme.length());
            }
        }
        int end = url.indexOf("://");
        String seen = end < 0 ? "" : url.substring(0, end);
        // Echo the scheme only when it cannot be a fragment of a credential.
        throw invalid(SCHEME_SHAPE.matcher(seen).matches()
                ? "has the unsupported scheme '" + seen.toLowerCase(Locale.ROOT) + "'"
                : "has no recognised scheme");
    }

    private static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // URLDecoder's own message quotes the input, which may be the password.
            throw invalid("has a malformed %-escape in the " + what);
        }
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("DATABASE_URL " + problem + "; expected " + ACCEPTED_FORMS);
    }

    /** Never prints the password, so the record is safe to log. */
    @Override
    public String toString() {
        return "DatabaseUrl[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + "]";
    }
}
