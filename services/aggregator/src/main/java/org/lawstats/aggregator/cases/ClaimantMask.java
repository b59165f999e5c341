package org.lawstats.aggregator.cases;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a role that may not see claimants is shown of a case: the claimant's first character and a {@code *} for
 * every other one (api.md), and texts with the name hidden the same way. In a text, every occurrence of the whole
 * name keeps only its first character, and every two consecutive characters of the name after its first are
 * hidden wherever they appear (a part of the name, split or spelt otherwise, is still the name). Applied to the
 * data before it is indexed, searched, highlighted or exported, never to a result's markup. Characters are code
 * points, compared without case.
 *
 * <p>A hidden text is stored with {@link #PLACEHOLDER} for each hidden character, not {@code *}: the analyzer drops
 * punctuation, so {@code 马**郎} would be searchable as {@code 马郎} (the characters around a hidden name joined),
 * while a placeholder is a token of its own that keeps them apart. It is shown as {@code *} ({@link #shown}).
 */
public final class ClaimantMask {
    /** A CJK ideograph of Extension F that no text of this domain holds; one in a unit's text is replaced. */
    static final int PLACEHOLDER = 0x2EBE0;

    private static final int SHOWN = '*';

    private ClaimantMask() {}

    /** The claimant as a masked role sees it: {@code 张三丰} is {@code 张**}. */
    public static String mask(String claimant) {
        if (claimant == null || claimant.isEmpty()) {
            return claimant;
        }
        int first = claimant.offsetByCodePoints(0, 1);
        return claimant.substring(0, first) + "*".repeat(claimant.codePointCount(first, claimant.length()));
    }

    /** The text with this claimant's name hidden, as stored and searched (see {@link #shown}); null stays null. */
    public static String hide(String text, String claimant) {
        if (text == null) {
            return null;
        }
        if (claimant == null || claimant.isEmpty()) {
            return text.replace(Character.toString(PLACEHOLDER), "\uFFFD");
        }
        int[] name = fold(claimant.codePoints().toArray());
        int[] original = text.codePoints().toArray();
        int[] folded = fold(original.clone());
        boolean[] hidden = new boolean[original.length];
        // the whole name: all but its first character
        for (int at = 0; at + name.length <= folded.length; at++) {
            if (matches(folded, at, name, 0, name.length)) {
                for (int i = 1; i < name.length; i++) {
                    hidden[at + i] = true;
                }
            }
        }
        // any two consecutive characters of the name after its first
        Set<Long> pairs = new HashSet<>();
        for (int i = 1; i + 1 < name.length; i++) {
            pairs.add(pair(name[i], name[i + 1]));
        }
        if (!pairs.isEmpty()) {
            for (int at = 0; at + 1 < folded.length; at++) {
                if (pairs.contains(pair(folded[at], folded[at + 1]))) {
                    hidden[at] = true;
                    hidden[at + 1] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < original.length; i++) {
            out.appendCodePoint(hidden[i] ? PLACEHOLDER : original[i] == PLACEHOLDER ? 0xFFFD : original[i]);
        }
        return out.toString();
    }

    /**
     * A case event (the contract's JSON) as a masked role may read it: the claimant masked, and in the texts of its
     * payload the claimant's name hidden as in the case records, in the data, before anyone reads or exports it.
     *
     * @param claimant the case's claimant (its {@code case.filed} event's), null when unknown
     */
    public static void maskEvent(ObjectNode event, String claimant) {
        if (!(event.get("payload") instanceof ObjectNode payload)) {
            return;
        }
        String name = payload.hasNonNull("claimant") ? payload.get("claimant").asString() : claimant;
        if (payload.hasNonNull("claimant")) {
            payload.put("claimant", mask(name));
        }
        for (String field : List.of("cause", "summary", "forum")) {
            if (payload.hasNonNull(field)) {
                payload.put(field, shown(hide(payload.get(field).asString(), name)));
            }
        }
    }

    /** A hidden text (or a highlight of one) as a person reads it: each hidden character a {@code *}. */
    public static String shown(String hidden) {
        return hidden == null ? null : hidden.replace(Character.toString(PLACEHOLDER), Character.toString(SHOWN));
    }

    private static boolean matches(int[] text, int at, int[] name, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[at + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private static int[] fold(int[] codePoints) {
        for (int i = 0; i < codePoints.length; i++) {
            codePoints[i] = Character.toLowerCase(Character.toUpperCase(codePoints[i]));
        }
        return codePoints;
    }
}
