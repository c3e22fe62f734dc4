package io.quapr.components.state.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** LIKE patterns as GLOBs. */
class KeysLikeQueryTest {

    @Test
    void wildcardsTranslate() {
        assertEquals("app||actor||*", KeysLikeQuery.glob("app||actor||%"));
        assertEquals("k?", KeysLikeQuery.glob("k_"));
    }

    @Test
    void globSpecialsAreLiteral() {
        assertEquals("a[*]b[?]c[[]d]", KeysLikeQuery.glob("a*b?c[d]"));
    }

    @Test
    void backslashEscapesLikeWildcardsAndItself() {
        assertEquals("100%*", KeysLikeQuery.glob("100\\%%"));
        assertEquals("a_b", KeysLikeQuery.glob("a\\_b"));
        assertEquals("a\\b", KeysLikeQuery.glob("a\\\\b"));
        assertEquals("trailing\\", KeysLikeQuery.glob("trailing\\"));
    }
}
