package io.quapr.components.state.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LikePatternTest {

    @Test
    void wildcardsBecomeGlobWildcards() {
        assertEquals("app||*", LikePattern.toGlob("app||%"));
        assertEquals("a?c", LikePattern.toGlob("a_c"));
    }

    @Test
    void escapedWildcardsAndGlobSpecialsAreLiteral() {
        assertEquals("100%", LikePattern.toGlob("100\\%"));
        assertEquals("a_b", LikePattern.toGlob("a\\_b"));
        assertEquals("\\*\\?\\[x\\]", LikePattern.toGlob("*?[x]"));
        assertEquals("a\\\\b", LikePattern.toGlob("a\\\\b"));
        assertEquals("end\\\\", LikePattern.toGlob("end\\"));
    }
}
