package io.quapr.sidecar.configuration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quapr.sidecar.testing.ConfigLockProfile;
import io.quapr.sidecar.testing.TestRedis;
import io.quapr.sidecar.testing.app.TestApp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Configuration API over HTTP against {@code configuration.redis}, with updates delivered to
 * the test app as daprd delivers them.
 */
@QuarkusTest
@TestProfile(ConfigLockProfile.class)
class ConfigurationHttpTest {

    @Test
    void readsItemsWithTheirVersionsUnderBothVersionsOfThePath() {
        String a = key();
        String b = key();
        try (TestRedis redis = new TestRedis(5)) {
            redis.set(a, "blue||3");
            redis.set(b, "plain");
        }
        for (String version : new String[] { "v1.0", "v1.0-alpha1" }) {
            given().get("/" + version + "/configuration/configstore?key=" + a + "&key=" + b + "&key=" + key()).then()
                    .statusCode(200).body("$", aMapWithSize(2))
                    .body(a + ".value", equalTo("blue")).body(a + ".version", equalTo("3"))
                    .body(b + ".value", equalTo("plain"))
                    // daprd leaves empty fields out
                    .body(b, not(hasKey("version")));
        }
    }

    @Test
    void noKeyReadsEveryItem() {
        String a = key();
        try (TestRedis redis = new TestRedis(5)) {
            redis.set(a, "all||1");
        }
        given().get("/v1.0/configuration/configstore").then().statusCode(200).body(a + ".value", equalTo("all"));
    }

    @Test
    void nothingFoundIsNoContent() {
        given().get("/v1.0/configuration/configstore?key=" + key()).then().statusCode(204);
    }

    @Test
    void subscriptionDeliversUpdatesToTheAppUntilUnsubscribed() throws Exception {
        String k = key();
        String id = given().get("/v1.0/configuration/configstore/subscribe?key=" + k).then().statusCode(200)
                .body("id", not(emptyOrNullString())).extract().path("id");
        try (TestRedis redis = new TestRedis(5)) {
            redis.set(k, "green||4");
        }
        TestApp.Delivery d = TestApp.await(x -> x.path().equals("/configuration/configstore/" + k),
                Duration.ofSeconds(10));
        JsonNode body = d.event();
        assertEquals(id, body.path("id").asText());
        assertEquals("green", body.path("items").path(k).path("value").asText());
        assertEquals("4", body.path("items").path(k).path("version").asText());
        assertEquals(1, body.path("items").size());
        assertTrue(d.headers().get("content-type").startsWith("application/json"), d.headers().toString());
        assertTrue(new String(d.body(), StandardCharsets.UTF_8).endsWith("}\n"), "daprd's encoder ends with \\n");

        given().get("/v1.0/configuration/configstore/" + id + "/unsubscribe").then().statusCode(200)
                .body("ok", equalTo(true));
        given().get("/v1.0-alpha1/configuration/configstore/" + id + "/unsubscribe").then().statusCode(500)
                .body("message", equalTo("failed to unsubscribe to configuration request " + id
                        + ": subscription with id " + id + " does not exist"));
    }

    @Test
    void unknownStoreIsNotFound() {
        given().get("/v1.0/configuration/nope?key=a").then().statusCode(400)
                .body("errorCode", equalTo("ERR_CONFIGURATION_STORE_NOT_FOUND"))
                .body("message", equalTo("configuration store nope not found"));
        given().get("/v1.0/configuration/lockstore/subscribe").then().statusCode(400)
                .body("errorCode", equalTo("ERR_CONFIGURATION_STORE_NOT_FOUND"));
    }

    private static String key() {
        return "cfg-" + UUID.randomUUID();
    }
}
