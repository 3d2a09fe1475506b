package io.herald.server.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The known key a misspelt one was probably meant to be: within two edits of it. Stateless. */
final class KeySuggestion {

    private static final int MAX_EDITS = 2;

    private KeySuggestion() {}

    static Optional<String> closest(String key, Collection<String> known) {
        return known.stream()
                .filter(k -> distance(key, k) <= MAX_EDITS)
                .min(Comparator.comparingInt(k -> distance(key, k)));
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
