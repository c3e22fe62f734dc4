package io.quapr.components.state.aws.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quapr.spi.MetadataException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metadata as daprd reads it: the keys, the default partition key, the old region name. */
class DynamoDbSettingsTest {

    private static DynamoDbSettings settings(Map<String, String> metadata) {
        return DynamoDbSettings.from(DynamoDbTesting.bind(metadata));
    }

    @Test
    void onlyTheTableIsNeeded() {
        DynamoDbSettings s = settings(Map.of("table", "orders"));
        assertEquals("orders", s.table());
        assertEquals("key", s.partitionKey());
        assertNull(s.ttlAttributeName());
        assertNull(s.aws().endpoint());
        assertNull(s.aws().region());
        assertNull(s.aws().accessKey());
    }

    @Test
    void withoutTableBindingFails() {
        assertThrows(MetadataException.class, () -> settings(Map.of("region", "eu-west-1")));
    }

    @Test
    void readsEveryKeyCaseInsensitively() {
        DynamoDbSettings s = settings(Map.of("TABLE", "orders", "partitionkey", "id",
                "ttlAttributeName", "exp", "endpoint", "http://127.0.0.1:4568", "region", "eu-west-1",
                "accessKey", "a", "secretKey", "SECRET-VALUE", "sessionToken", "TOKEN-VALUE"));
        assertEquals("id", s.partitionKey());
        assertEquals("exp", s.ttlAttributeName());
        assertEquals(URI.create("http://127.0.0.1:4568"), s.aws().endpoint());
        assertEquals("eu-west-1", s.aws().region());
        assertEquals("a", s.aws().accessKey());
        assertEquals("SECRET-VALUE", s.aws().secretKey());
        assertEquals("TOKEN-VALUE", s.aws().sessionToken());
        assertFalse(s.toString().contains("SECRET-VALUE") || s.toString().contains("TOKEN-VALUE"), s.toString());
    }

    @Test
    void awsRegionIsTheOldNameOfRegion() {
        assertEquals("ap-south-1", settings(Map.of("table", "t", "awsRegion", "ap-south-1")).aws().region());
        assertEquals("eu-west-1",
                settings(Map.of("table", "t", "awsRegion", "ap-south-1", "region", "eu-west-1")).aws().region());
    }

    @Test
    void keysComeInPairs() {
        MetadataException e = assertThrows(MetadataException.class,
                () -> settings(Map.of("table", "t", "accessKey", "a")));
        assertTrue(e.getMessage().contains("secretKey"), e.getMessage());
    }

    @Test
    void anEndpointMustBeAnHttpUrl() {
        assertThrows(MetadataException.class, () -> settings(Map.of("table", "t", "endpoint", "127.0.0.1:4568")));
        assertThrows(MetadataException.class, () -> settings(Map.of("table", "t", "endpoint", "http://bad host")));
    }
}
