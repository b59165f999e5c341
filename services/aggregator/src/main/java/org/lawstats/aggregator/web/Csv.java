package org.lawstats.aggregator.web;

/** CSV (RFC 4180) as every download writes it: UTF-8 with a BOM so that Excel shows the Chinese names. */
public final class Csv {
    /** The byte order mark Excel needs to read UTF-8. */
    public static final String BOM = "\uFEFF";

    private Csv() {}

    /**
     * Quotes when needed, and defuses a cell that a spreadsheet would evaluate as a formula: one that starts with
     * = + - @, or with a tab or carriage return (which Excel skips before reading the formula), gets a leading '.
     */
    public static String field(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
