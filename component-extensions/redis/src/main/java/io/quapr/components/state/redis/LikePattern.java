package io.quapr.components.state.redis;

/**
 * Turns a SQL {@code LIKE} pattern into a Redis {@code SCAN MATCH} glob: {@code %} becomes
 * {@code *}, {@code _} becomes {@code ?}, a backslash makes the next character literal, and the
 * glob's own special characters are escaped so they match only themselves.
 */
final class LikePattern {

    private LikePattern() {
    }

    /** The glob matching exactly the keys {@code like} matches. */
    static String toGlob(String like) {
        StringBuilder glob = new StringBuilder(like.length() + 8);
        boolean escaped = false;
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (escaped) {
                literal(glob, c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '%') {
                glob.append('*');
            } else if (c == '_') {
                glob.append('?');
            } else {
                literal(glob, c);
            }
        }
        if (escaped) {
            // a trailing backslash escapes nothing: it stands for itself
            literal(glob, '\\');
        }
        return glob.toString();
    }

    private static void literal(StringBuilder glob, char c) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
            glob.append('\\');
        }
        glob.append(c);
    }
}
