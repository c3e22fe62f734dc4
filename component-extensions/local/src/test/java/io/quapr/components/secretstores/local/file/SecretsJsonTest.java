package io.quapr.components.secretstores.local.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Flattening corner cases that need no file. */
class SecretsJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void leavesKeepTheirJsonText() throws Exception {
        JsonNode root = JSON.readTree("{\"i\":5,\"f\":1.5,\"b\":false,\"n\":null,\"s\":\" x \"}");

        assertEquals(Map.of("i", Map.of("i", "5"), "f", Map.of("f", "1.5"), "b", Map.of("b", "false"),
                "n", Map.of("n", ""), "s", Map.of("s", " x ")), SecretsJson.singleValued(root, ":"));
    }

    @Test
    void aNameThatClashesAfterFlatteningKeepsTheFirstInFileOrder() throws Exception {
        JsonNode root = JSON.readTree("{\"a:b\":\"first\",\"a\":{\"b\":\"second\",\"c\":\"kept\"}}");

        assertEquals(Map.of("a:b", Map.of("a:b", "first"), "a:c", Map.of("a:c", "kept")),
                SecretsJson.singleValued(root, ":"));
    }

    @Test
    void emptyContainersGiveNoLeaves() throws Exception {
        JsonNode root = JSON.readTree("{\"o\":{},\"a\":[],\"s\":\"v\"}");

        assertEquals(Map.of("s", Map.of("s", "v")), SecretsJson.singleValued(root, ":"));
        assertEquals(Map.of("o", Map.of(), "a", Map.of(), "s", Map.of("s", "v")), SecretsJson.multiValued(root, ":"));
    }

    @Test
    void multiValuedFlattensArraysByIndexAndKeepsTopLevelScalars() throws Exception {
        JsonNode root = JSON.readTree("{\"hosts\":[\"h0\",{\"name\":\"h1\"}],\"n\":7}");

        assertEquals(Map.of("hosts", Map.of("0", "h0", "1:name", "h1"), "n", Map.of("n", "7")),
                SecretsJson.multiValued(root, ":"));
    }

    @Test
    void anEmptyKeyStillTakesASeparator() throws Exception {
        JsonNode root = JSON.readTree("{\"\":{\"x\":\"1\"}}");

        assertEquals(Map.of(":x", Map.of(":x", "1")), SecretsJson.singleValued(root, ":"));
    }
}
