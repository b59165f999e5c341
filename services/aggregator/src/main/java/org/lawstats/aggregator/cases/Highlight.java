package org.lawstats.aggregator.cases;

/**
 * A highlight fragment made safe for a page: Elasticsearch marks the matches with two of Unicode's noncharacters
 * (never text, and removed from every indexed text), and only those marks become {@code <em>} and {@code </em>};
 * every character of the text itself is HTML-escaped. So a fragment holds no markup but the emphasis, whatever a
 * unit put in its texts, and nothing is ever replaced inside markup.
 */
final class Highlight {
    static final String START = "\uFDD0";
    static final String END = "\uFDD1";

    private Highlight() {}

    /** The text with every noncharacter (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF) replaced by U+FFFD. */
    static String withoutMarkers(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            if (nonCharacter(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.appendCodePoint(c);
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }

    /** The fragment as HTML: the text escaped, the marks as {@code <em>}, adjacent marked runs joined. */
    static String html(String fragment) {
        String joined = fragment.replace(END + START, "");
        StringBuilder html = new StringBuilder(joined.length() + 16);
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            switch (c) {
                case '\uFDD0' -> html.append("<em>");
                case '\uFDD1' -> html.append("</em>");
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return html.toString();
    }

    private static boolean nonCharacter(int c) {
        return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }
}
