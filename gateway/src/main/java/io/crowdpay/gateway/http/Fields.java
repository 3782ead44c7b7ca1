package io.crowdpay.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crowdpay.engine.Ids;
import io.crowdpay.engine.money.Amounts;
import io.crowdpay.engine.money.Currency;
import io.crowdpay.engine.money.Money;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Strict reading of one JSON object's fields: unknown fields, wrong types, missing required fields
 * and over-long values are all collected as field errors with their JSON path, so a client learns
 * every problem at once. Call {@link #done()} to raise them.
 */
final class Fields {

    static final int TEXT_LENGTH_MAX = 500;
    static final int METADATA_KEYS_MAX = 20;
    static final int METADATA_KEY_LENGTH_MAX = 40;

    private final ObjectNode node;
    private final String prefix;
    private final List<Problem.FieldError> errors;

    private Fields(ObjectNode node, String prefix, List<Problem.FieldError> errors, Set<String> allowed) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new Problem.FieldError(prefix + name, "unknown field"));
            }
        }
    }

    static Fields of(ObjectNode node, String... allowed) {
        return of(node, Set.of(allowed));
    }

    /** The same, with the allowed names as a set made once (a request type's fields, say). */
    static Fields of(ObjectNode node, Set<String> allowed) {
        return new Fields(node, "", new ArrayList<>(), allowed);
    }

    /** The fields of a nested object, reporting into the same error list. */
    Fields nested(ObjectNode child, String name, String... allowed) {
        return new Fields(child, prefix + name + ".", errors, Set.of(allowed));
    }

    void done() throws ProblemException {
        if (!errors.isEmpty()) {
            Problem.FieldError first = errors.get(0);
            String detail = errors.size() == 1 ? first.field() + ": " + first.reason()
                    : errors.size() + " fields are invalid, first " + first.field() + ": " + first.reason();
            throw new ProblemException(Problem.invalid(detail, errors));
        }
    }

    void error(String name, String reason) {
        errors.add(new Problem.FieldError(prefix + name, reason));
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    String text(String name, boolean required, int lengthMax) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                error(name, "required");
            }
            return null;
        }
        if (!v.isTextual()) {
            error(name, "must be a string");
            return null;
        }
        String s = v.textValue();
        if (s.length() > lengthMax) {
            error(name, "longer than " + lengthMax + " characters");
            return null;
        }
        if (required && s.isBlank()) {
            error(name, "must not be empty");
            return null;
        }
        return s;
    }

    /** A client-chosen id: {@code ^[A-Za-z0-9_-]{1,64}$}. */
    String id(String name, boolean required) {
        String s = text(name, required, 64);
        if (s != null && !Ids.isValidClientId(s)) {
            error(name, "must match ^[A-Za-z0-9_-]{1,64}$");
            return null;
        }
        return s;
    }

    Integer integer(String name, int min, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            error(name, "required");
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            error(name, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return v.intValue();
    }

    <E extends Enum<E>> E choice(String name, Class<E> type) {
        String s = text(name, true, 40);
        if (s == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        error(name, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        return null;
    }

    ObjectNode object(String name, boolean required) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                error(name, "required");
            }
            return null;
        }
        if (!(v instanceof ObjectNode o)) {
            error(name, "must be an object");
            return null;
        }
        return o;
    }

    List<JsonNode> array(String name, int sizeMax) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            error(name, "required");
            return null;
        }
        if (!v.isArray()) {
            error(name, "must be an array");
            return null;
        }
        if (v.size() > sizeMax) {
            error(name, "more than " + sizeMax + " items");
            return null;
        }
        List<JsonNode> items = new ArrayList<>();
        v.forEach(items::add);
        return items;
    }

    Currency currency(String name) {
        String code = text(name, true, 3);
        if (code == null) {
            return null;
        }
        Currency c = Currency.ofCode(code);
        if (c == null) {
            error(name, "'" + code + "' is not an ISO 4217 currency code");
        }
        return c;
    }

    List<Currency> currencies(String name, int sizeMax) {
        List<JsonNode> items = array(name, sizeMax);
        if (items == null) {
            return null;
        }
        List<Currency> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            Currency c = item.isTextual() ? Currency.ofCode(item.textValue()) : null;
            if (c == null) {
                error(name + "[" + i + "]", "must be an ISO 4217 currency code");
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** {@code {"currency": "EUR", "value": "250.00"}}, strictly: a decimal string, never a JSON number. */
    Money money(String name, boolean required) {
        ObjectNode m = object(name, required);
        if (m == null) {
            return null;
        }
        Fields f = nested(m, name, "currency", "value");
        Currency currency = f.currency("currency");
        JsonNode raw = m.get("value");
        if (raw != null && raw.isNumber()) {
            f.error("value", "must be a decimal string such as \"250.00\", not a JSON number");
            return null;
        }
        String value = f.text("value", true, 40);
        if (currency == null || value == null) {
            return null;
        }
        Amounts.Parsed parsed = Amounts.parse(value, currency.scale());
        return switch (parsed.problem()) {
            case NONE -> new Money(parsed.minorUnits(), currency);
            case MALFORMED -> fail(f, "must be a plain decimal string such as \"250.00\" (no sign, exponent or separators)");
            case TOO_MANY_DECIMALS -> fail(f, "more decimals than " + currency + " has (" + currency.scale() + ")");
            case NOT_POSITIVE -> fail(f, "must be greater than zero");
            case TOO_LARGE -> fail(f, "must be below 10^" + Amounts.INTEGER_DIGITS_MAX + " " + currency);
        };
    }

    SortedMap<String, String> metadata(String name) {
        ObjectNode m = object(name, false);
        SortedMap<String, String> out = new TreeMap<>();
        if (m == null) {
            return out;
        }
        if (m.size() > METADATA_KEYS_MAX) {
            error(name, "more than " + METADATA_KEYS_MAX + " keys");
            return out;
        }
        m.fields().forEachRemaining(e -> {
            if (e.getKey().isEmpty() || e.getKey().length() > METADATA_KEY_LENGTH_MAX) {
                error(name + "." + e.getKey(), "keys must be 1.." + METADATA_KEY_LENGTH_MAX + " characters");
            } else if (!e.getValue().isTextual() || e.getValue().textValue().length() > TEXT_LENGTH_MAX) {
                error(name + "." + e.getKey(), "values must be strings of at most " + TEXT_LENGTH_MAX + " characters");
            } else {
                out.put(e.getKey(), e.getValue().textValue());
            }
        });
        return out;
    }

    private static Money fail(Fields f, String why) {
        f.error("value", why);
        return null;
    }
}
