package org.lawstats.aggregator.imports;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/** A ledger cell as clerks write it, read into the payload, or what is wrong with it in Chinese. */
final class LedgerCells {
    private static final Pattern CHINESE_DATE = Pattern.compile(
            "(\\d{4})\\s*[年/.-]\\s*(\\d{1,2})\\s*[月/.-]\\s*(\\d{1,2})\\s*日?(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");

    /**
     * The longest text read as a number (sign, digits, point, exponent): a double holds 17 significant digits and no
     * count, score or number of days in a ledger needs more. Checked before {@link BigDecimal} parses it, whose time
     * grows faster than the digits (800,000 digits took 14 s of CPU).
     */
    static final int MAX_NUMBER_LENGTH = 20;

    private LedgerCells() {}

    /** Puts the cell's value in the payload; returns what is wrong with it, in Chinese, or null. */
    static String put(ObjectNode payload, LedgerSpec.Column column, String text, ZoneId zone, LedgerSpec spec) {
        switch (column.kind()) {
            case TEXT -> payload.put(column.field(), text);
            case ENUM -> {
                for (var value : column.values().entrySet()) {
                    if (value.getKey().equalsIgnoreCase(text)
                            || value.getValue().equals(text)) {
                        payload.put(column.field(), value.getKey());
                        return null;
                    }
                }
                return "“" + shown(text) + "”不是可选值，应为："
                        + String.join("、", column.values().values());
            }
            case BOOLEAN -> {
                String word = text.toLowerCase(Locale.ROOT);
                if (text.equals(spec.trueWord())
                        || List.of("true", "1", "y", "yes").contains(word)) {
                    payload.put(column.field(), true);
                } else if (text.equals(spec.falseWord())
                        || List.of("false", "0", "n", "no").contains(word)) {
                    payload.put(column.field(), false);
                } else {
                    return "“" + shown(text) + "”应为“" + spec.trueWord() + "”或“" + spec.falseWord() + "”";
                }
            }
            case INTEGER -> {
                if (text.length() > MAX_NUMBER_LENGTH) {
                    return tooLong(text);
                }
                try {
                    payload.put(column.field(), new BigDecimal(text).longValueExact());
                } catch (NumberFormatException | ArithmeticException e) {
                    return "“" + shown(text) + "”应为整数";
                }
            }
            case NUMBER -> {
                if (text.length() > MAX_NUMBER_LENGTH) {
                    return tooLong(text);
                }
                try {
                    double number = new BigDecimal(text).doubleValue();
                    if (!Double.isFinite(number)) {
                        return "“" + shown(text) + "”应为数字";
                    }
                    payload.put(column.field(), number);
                } catch (NumberFormatException e) {
                    return "“" + shown(text) + "”应为数字";
                }
            }
            case DATETIME -> {
                OffsetDateTime at = dateTime(text, zone);
                if (at == null) {
                    return "“" + shown(text) + "”不是有效的日期，应如 2024-03-05";
                }
                payload.put(column.field(), at.toString());
            }
        }
        return null;
    }

    private static String tooLong(String text) {
        return "“" + shown(text) + "”有 " + text.length() + " 个字符：数字最多 " + MAX_NUMBER_LENGTH + " 个字符";
    }

    /**
     * A date (the start of that day in the zone) or a date and time, as clerks write them: 2024-03-05, 2024/3/5,
     * 2024年3月5日, 2024-03-05 14:30, or an ISO instant with its offset. Null when it is none of these.
     */
    static OffsetDateTime dateTime(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            // not an instant with an offset: one of the clerks' forms
        }
        try {
            return LocalDateTime.parse(text).atZone(zone).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            // nor a local date and time in ISO form
        }
        Matcher m = CHINESE_DATE.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate day = LocalDate.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            LocalDateTime at = m.group(4) == null
                    ? day.atStartOfDay()
                    : day.atTime(
                            Integer.parseInt(m.group(4)),
                            Integer.parseInt(m.group(5)),
                            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            return at.atZone(zone).toOffsetDateTime();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A cell's text as an error quotes it: short, and with no control characters. */
    static String shown(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", " ");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }
}
