package io.quapr.components.state.inmemory;

import java.util.regex.Pattern;

/**
 * SQL {@code LIKE} patterns as the keys-like API uses them: {@code %} any run, {@code _} one
 * character, a backslash makes the next character literal.
 */
final class LikePattern {

    private LikePattern() {
    }

    /**
     * Compiles {@code like} into an anchored regular expression.
     *
     * @throws IllegalArgumentException for an empty pattern
     */
    static Pattern compile(String like) {
        if (like == null || like.isEmpty()) {
            throw new IllegalArgumentException("the keys-like pattern must not be empty");
        }
        StringBuilder regex = new StringBuilder(like.length() + 8);
        StringBuilder literal = new StringBuilder();
        boolean escaped = false;
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (escaped) {
                literal.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '%' || c == '_') {
                flush(regex, literal);
                regex.append(c == '%' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (escaped) {
            literal.append('\\');
        }
        flush(regex, literal);
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static void flush(StringBuilder regex, StringBuilder literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
