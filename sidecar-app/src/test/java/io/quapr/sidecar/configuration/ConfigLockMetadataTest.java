package io.quapr.sidecar.configuration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.quapr.sidecar.testing.ConfigLockProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** The metadata API lists configuration and lock stores, with no capabilities, as daprd does. */
@QuarkusTest
@TestProfile(ConfigLockProfile.class)
class ConfigLockMetadataTest {

    @Test
    void storesAreListedWithTypeAndVersion() {
        given().get("/v1.0/metadata").then().statusCode(200)
                .body("components.find { it.name == 'configstore' }.type", equalTo("configuration.redis"))
                .body("components.find { it.name == 'configstore' }.version", equalTo("v1"))
                .body("components.find { it.name == 'configstore' }.capabilities", empty())
                .body("components.find { it.name == 'lockstore' }.type", equalTo("lock.in-memory"))
                .body("components.find { it.name == 'redislock' }.type", equalTo("lock.redis"))
                .body("components.find { it.name == 'redislock' }.capabilities", empty());
    }
}
