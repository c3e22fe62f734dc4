package io.quapr.sidecar.lock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.ConfigLockProfile;
import io.quapr.sidecar.testing.TestRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The distributed lock API over HTTP, against {@code lock.in-memory} and {@code lock.redis}. */
@QuarkusTest
@TestProfile(ConfigLockProfile.class)
class LockHttpTest {

    @Test
    void ownerTakesReleasesAndOthersAreTold() {
        String id = "order-" + UUID.randomUUID();
        lock("lockstore", id, "alice", 30).statusCode(200).body("success", equalTo(true));
        lock("lockstore", id, "bob", 30).statusCode(200).body("success", equalTo(false));
        unlock("lockstore", id, "bob").statusCode(200).body("status", equalTo(2));
        unlock("lockstore", id, "alice").statusCode(200).body("status", equalTo(0));
        unlock("lockstore", id, "alice").statusCode(200).body("status", equalTo(1));
    }

    @Test
    void redisKeepsTheLockUnderDaprdsKeyWithTheOwnerAsValue() {
        String id = "res-" + UUID.randomUUID();
        lock("redislock", id, "alice", 30).statusCode(200).body("success", equalTo(true));
        try (TestRedis redis = new TestRedis(0)) {
            assertEquals("alice", redis.get("lock||testapp||" + id));
        }
        unlock("redislock", id, "alice").body("status", equalTo(0));
    }

    @Test
    void aLockDaprdTookIsHeldForQuaprToo() {
        String id = "res-" + UUID.randomUUID();
        try (TestRedis redis = new TestRedis(0)) {
            // what daprd's lock.redis writes for app 'testapp'
            redis.set("lock||testapp||" + id, "daprd-owner");
        }
        lock("redislock", id, "alice", 30).body("success", equalTo(false));
        unlock("redislock", id, "alice").body("status", equalTo(2));
        unlock("redislock", id, "daprd-owner").body("status", equalTo(0));
    }

    @Test
    void protoFieldNamesAndAStringExpiryAreRead() {
        String id = "res-" + UUID.randomUUID();
        given().contentType("application/json")
                .body("{\"resource_id\":\"" + id + "\",\"lock_owner\":\"alice\",\"expiry_in_seconds\":\"30\"}")
                .post("/v1.0-alpha1/lock/lockstore").then().statusCode(200).body("success", equalTo(true));
        lock("lockstore", id, "bob", 30).body("success", equalTo(false));
    }

    @Test
    void expiryNotPositiveIsMalformed() {
        lock("lockstore", "r", "alice", 0).statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"))
                .body("message", equalTo("ExpiryInSeconds is not positive in lock store lockstore"));
    }

    @Test
    void emptyResourceIdAndOwnerAreMalformed() {
        lock("lockstore", "", "alice", 5).statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"))
                .body("message", equalTo("ResourceId is empty in lock store lockstore"));
        unlock("lockstore", "r", "").statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"))
                .body("message", equalTo("LockOwner is empty in lock store lockstore"));
    }

    @Test
    void unknownStoreIsNotFound() {
        lock("nope", "r", "alice", 5).statusCode(400).body("errorCode", equalTo("ERR_LOCK_STORE_NOT_FOUND"))
                .body("message", equalTo("lock store nope not found"));
        // a state store is no lock store
        unlock("statestore", "r", "alice").statusCode(400).body("errorCode", equalTo("ERR_LOCK_STORE_NOT_FOUND"));
    }

    @Test
    void separatorInTheResourceIdFailsTheTry() {
        lock("lockstore", "a||b", "alice", 5).statusCode(500).body("errorCode", equalTo("ERR_TRY_LOCK"))
                .body("message",
                        equalTo("failed to try acquiring lock: input key/keyPrefix 'a||b' can't contain '||'"));
        unlock("lockstore", "a||b", "alice").statusCode(500).body("errorCode", equalTo("ERR_UNLOCK"));
    }

    @Test
    void bodyThatIsNotJsonIsMalformed() {
        given().contentType("application/json").body("{nope").post("/v1.0-alpha1/lock/lockstore").then()
                .statusCode(400).body("errorCode", equalTo("ERR_MALFORMED_REQUEST"));
    }

    private static ValidatableResponse lock(String store, String id, String owner, int expiry) {
        return given().contentType("application/json")
                .body("{\"resourceId\":\"" + id + "\",\"lockOwner\":\"" + owner + "\",\"expiryInSeconds\":" + expiry
                        + "}")
                .post("/v1.0-alpha1/lock/" + store).then();
    }

    private static ValidatableResponse unlock(String store, String id, String owner) {
        return given().contentType("application/json")
                .body("{\"resourceId\":\"" + id + "\",\"lockOwner\":\"" + owner + "\"}")
                .post("/v1.0-alpha1/unlock/" + store).then();
    }
}
