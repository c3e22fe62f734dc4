package io.quapr.components.state.inmemory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LikePatternTest {

    private static boolean matches(String like, String key) {
        return LikePattern.compile(like).matcher(key).matches();
    }

    @Test
    void percentAndUnderscore() {
        assertTrue(matches("a||%", "a||"));
        assertTrue(matches("a||%", "a||xyz"));
        assertTrue(matches("a||_", "a||x"));
        assertFalse(matches("a||_", "a||xy"));
        assertFalse(matches("a||_", "a||"));
        assertTrue(matches("%||reminders||%", "app||reminders||r1"));
        assertTrue(matches("a%", "a\nb"), "% spans line breaks");
    }

    @Test
    void everythingElseIsLiteral() {
        assertTrue(matches("a.b*c(d)[e]$", "a.b*c(d)[e]$"));
        assertFalse(matches("a.b", "axb"));
        assertTrue(matches("\\%x\\_", "%x_"));
        assertFalse(matches("\\%x", "yx"));
        assertTrue(matches("end\\", "end\\"), "a trailing backslash is itself");
    }

    @Test
    void emptyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LikePattern.compile(""));
        assertThrows(IllegalArgumentException.class, () -> LikePattern.compile(null));
    }

    @Test
    void compiledPatternsAreAnchored() {
        Pattern p = LikePattern.compile("b");
        assertFalse(p.matcher("abc").matches());
    }
}
