package io.quapr.sidecar.configuration;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dapr.v1.DaprConfigurationProtos.GetConfigurationRequest;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprLockProtos.UnlockRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** A sidecar with no configuration and no lock store answers both APIs with daprd's errors. */
@QuarkusTest
class ConfigLockNotConfiguredTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void configurationIsNotConfigured() {
        given().get("/v1.0/configuration/any?key=a").then().statusCode(500)
                .body("errorCode", equalTo("ERR_CONFIGURATION_STORE_NOT_CONFIGURED"))
                .body("message", equalTo("configuration stores not configured"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.getConfiguration(GetConfigurationRequest.newBuilder().setStoreName("any").build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals("ERR_CONFIGURATION_STORE_NOT_CONFIGURED", errorInfo(e).getReason());
    }

    @Test
    void lockIsNotConfigured() {
        given().contentType("application/json").body("{\"resourceId\":\"r\",\"lockOwner\":\"o\",\"expiryInSeconds\":5}")
                .post("/v1.0-alpha1/lock/any").then().statusCode(500)
                .body("errorCode", equalTo("ERR_LOCK_STORE_NOT_CONFIGURED"))
                .body("message", equalTo("lock store is not configured"));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> dapr.unlockAlpha1(
                UnlockRequest.newBuilder().setStoreName("any").setResourceId("r").setLockOwner("o").build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    }

    @Test
    void expiryIsCheckedBeforeTheStoreIsLookedFor() {
        given().contentType("application/json").body("{\"resourceId\":\"r\",\"lockOwner\":\"o\"}")
                .post("/v1.0-alpha1/lock/any").then().statusCode(400)
                .body("errorCode", equalTo("ERR_MALFORMED_REQUEST"))
                .body("message", equalTo("ExpiryInSeconds is not positive in lock store any"));
    }
}
