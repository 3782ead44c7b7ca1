package io.crowdpay.replicator.postgres;

import java.util.regex.Pattern;

/**
 * The PostgreSQL schema that holds one event store. Its name is spliced into SQL (identifiers cannot
 * be bind parameters), so only plain lower-case identifiers pass: no quoting rules to get wrong.
 */
public record Schema(String name) {

    // Declared before DEFAULT: static fields initialise in order, and DEFAULT's constructor uses it.
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Where the service keeps its event store unless told otherwise. */
    public static final Schema DEFAULT = new Schema("crowdpay");

    public Schema {
        if (name == null || !IDENTIFIER.matcher(name).matches() || name.startsWith("pg_")) {
            throw new IllegalArgumentException("schema name must be a lower-case identifier of at most 63"
                    + " characters, not starting with pg_: " + name);
        }
    }

    /** The schema from {@code EVENT_STORE_SCHEMA}, else {@link #DEFAULT}. */
    public static Schema fromEnvironment() {
        String name = System.getenv("EVENT_STORE_SCHEMA");
        return name == null || name.isBlank() ? DEFAULT : new Schema(name.strip());
    }

    /**
     * A table of this schema, qualified, ready for SQL text: safe to splice, since the name is a
     * checked identifier. Public so every adapter on this schema qualifies its tables the same way.
     */
    public String table(String table) {
        return name + "." + table;
    }
}
