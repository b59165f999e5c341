package org.lawstats.contract;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one JSON object strictly, collecting every violation instead of stopping at the first.
 * Never coerces: a string where a number belongs, or {@code "true"} for a boolean, is a violation.
 * Returns {@code null} for a field it could not read; the caller builds nothing when {@link #violations()}
 * is not empty.
 */
final class FieldReader {
    static final int MAX_TEXT_LENGTH = 4000;
    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    // Years outside this range are typos or attacks (year 99999), never a real event of a government unit.
    private static final int MIN_YEAR = 1900;
    private static final int MAX_YEAR = 9999;

    private final JsonNode object;
    private final String prefix;
    private final List<Violation> violations;

    FieldReader(JsonNode object, String prefix, List<Violation> violations) {
        this.object = object;
        this.prefix = prefix;
        this.violations = violations;
    }

    List<Violation> violations() {
        return violations;
    }

    FieldReader nested(String name) {
        JsonNode node = present(name);
        if (node == null) {
            violate(name, "is required");
            return null;
        }
        if (!node.isObject()) {
            violate(name, "must be a JSON object");
            return null;
        }
        return new FieldReader(node, prefix + name + ".", violations);
    }

    /** A required identifier of the contract's id alphabet (eventId, unitId). */
    String identifier(String name) {
        String value = string(name);
        if (value != null && !ID.matcher(value).matches()) {
            violate(name, "must be 1-128 characters of A-Z a-z 0-9 . _ : -");
            return null;
        }
        return value;
    }

    /** A required non-blank string of at most 4,000 characters. */
    String string(String name) {
        JsonNode node = present(name);
        if (node == null) {
            violate(name, "is required");
            return null;
        }
        return text(name, node);
    }

    /** An optional non-blank string of at most 4,000 characters; {@code null} when absent or JSON null. */
    String optionalString(String name) {
        JsonNode node = present(name);
        return node == null ? null : text(name, node);
    }

    /** An optional non-blank string of at most {@code maxLength} characters (code points). */
    String optionalString(String name, int maxLength) {
        String value = optionalString(name);
        if (value != null && value.codePointCount(0, value.length()) > maxLength) {
            violate(name, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    private String text(String name, JsonNode node) {
        if (!node.isString()) {
            violate(name, "must be a string");
            return null;
        }
        String value = node.stringValue();
        if (value.isBlank()) {
            violate(name, "must not be empty");
            return null;
        }
        if (value.codePointCount(0, value.length()) > MAX_TEXT_LENGTH) {
            violate(name, "must be at most " + MAX_TEXT_LENGTH + " characters");
            return null;
        }
        String problem = unprintable(value);
        if (problem != null) {
            violate(name, problem);
            return null;
        }
        return value;
    }

    /**
     * Text ends up in Word documents, spreadsheets, CSV files and web pages: a control character (other than tab and
     * line breaks) or half a surrogate pair breaks them or hides text, and no real report contains one. Emoji and rare
     * CJK characters (supplementary planes, as proper pairs) are text like any other.
     */
    private static String unprintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text (it holds half a surrogate pair)";
            } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
                return String.format("must not contain control characters (U+%04X)", (int) c);
            }
        }
        return null;
    }

    /** A required JSON boolean; the string {@code "true"} is not one. */
    Boolean bool(String name) {
        JsonNode node = present(name);
        if (node == null) {
            violate(name, "is required");
            return null;
        }
        return booleanOf(name, node);
    }

    /** An optional JSON boolean. */
    Boolean optionalBool(String name) {
        JsonNode node = present(name);
        return node == null ? null : booleanOf(name, node);
    }

    private Boolean booleanOf(String name, JsonNode node) {
        if (!node.isBoolean()) {
            violate(name, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    /** A required integer (no fraction, no string) of at least {@code min}. */
    Long integer(String name, long min) {
        return integer(name, min, Long.MAX_VALUE);
    }

    /** A required integer within [min, max]. */
    Long integer(String name, long min, long max) {
        JsonNode node = present(name);
        if (node == null) {
            violate(name, "is required");
            return null;
        }
        Long value = integerOf(name, node, min);
        if (value != null && value > max) {
            violate(name, "must be an integer from " + min + " to " + max);
            return null;
        }
        return value;
    }

    /** An optional integer of at least {@code min}. */
    Long optionalInteger(String name, long min) {
        JsonNode node = present(name);
        return node == null ? null : integerOf(name, node, min);
    }

    private Long integerOf(String name, JsonNode node, long min) {
        if (!node.isIntegralNumber()) {
            violate(name, "must be an integer");
            return null;
        }
        if (!node.canConvertToLong() || node.longValue() < min) {
            violate(name, "must be an integer of at least " + min);
            return null;
        }
        return node.longValue();
    }

    /** An optional finite number within [min, max]. */
    Double optionalNumber(String name, double min, double max) {
        JsonNode node = present(name);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            violate(name, "must be a number");
            return null;
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value) || value < min || value > max) {
            violate(name, "must be a number from " + format(min) + " to " + format(max));
            return null;
        }
        return value;
    }

    /** A required enumeration word, exactly as the contract spells it. */
    <E extends Enum<E>> E enumeration(String name, Class<E> type) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        violate(
                name,
                "must be one of "
                        + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(" ")));
        return null;
    }

    /** A required ISO-8601 instant with an offset or Z. */
    OffsetDateTime optionalInstant(String name) {
        return present(name) == null ? null : instant(name);
    }

    OffsetDateTime instant(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        try {
            OffsetDateTime parsed = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            if (parsed.getYear() < MIN_YEAR || parsed.getYear() > MAX_YEAR) {
                violate(name, "must be a date between the years " + MIN_YEAR + " and " + MAX_YEAR);
                return null;
            }
            return parsed;
        } catch (DateTimeParseException e) {
            violate(name, "must be an ISO-8601 instant with an offset or Z, e.g. 2024-06-12T10:00:00+08:00");
            return null;
        }
    }

    private JsonNode present(String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    private void violate(String name, String message) {
        violations.add(new Violation(prefix + name, message));
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    static List<Violation> newViolations() {
        return new ArrayList<>();
    }
}
