package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetadataFieldChecksTest {

    @Test
    void defaultsMustParseAsTheirType() {
        assertTrue(MetadataFieldChecks.parses("number", "42"));
        assertTrue(MetadataFieldChecks.parses("number", "0.5"));
        assertFalse(MetadataFieldChecks.parses("number", "forty"));
        assertTrue(MetadataFieldChecks.parses("bool", "true"));
        assertTrue(MetadataFieldChecks.parses("bool", "False"));
        assertFalse(MetadataFieldChecks.parses("bool", "maybe"));
        assertTrue(MetadataFieldChecks.parses("duration", "1m30s"));
        assertTrue(MetadataFieldChecks.parses("duration", "20"));
        assertFalse(MetadataFieldChecks.parses("duration", "soon"));
        assertTrue(MetadataFieldChecks.parses("bytesize", "4Mi"));
        assertFalse(MetadataFieldChecks.parses("bytesize", "big"));
        assertTrue(MetadataFieldChecks.parses("string", "anything at all"));
    }
}
