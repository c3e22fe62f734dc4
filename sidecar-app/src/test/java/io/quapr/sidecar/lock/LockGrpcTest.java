package io.quapr.sidecar.lock;

import static io.quapr.sidecar.testing.GrpcStatusDetails.errorInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprLockProtos.TryLockRequest;
import io.dapr.v1.DaprLockProtos.UnlockRequest;
import io.dapr.v1.DaprLockProtos.UnlockResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quapr.sidecar.testing.ConfigLockProfile;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The distributed lock API over gRPC ({@code TryLockAlpha1}, {@code UnlockAlpha1}). */
@QuarkusTest
@TestProfile(ConfigLockProfile.class)
class LockGrpcTest {

    @GrpcClient("dapr")
    DaprGrpc.DaprBlockingStub dapr;

    @Test
    void tryLockAndUnlockAnswerAsDaprd() {
        String id = "res-" + UUID.randomUUID();
        assertTrue(dapr.tryLockAlpha1(tryLock("redislock", id, "alice", 30)).getSuccess());
        assertFalse(dapr.tryLockAlpha1(tryLock("redislock", id, "bob", 30)).getSuccess());
        assertEquals(UnlockResponse.Status.LOCK_BELONGS_TO_OTHERS,
                dapr.unlockAlpha1(unlock("redislock", id, "bob")).getStatus());
        assertEquals(UnlockResponse.Status.SUCCESS, dapr.unlockAlpha1(unlock("redislock", id, "alice")).getStatus());
        assertEquals(UnlockResponse.Status.LOCK_DOES_NOT_EXIST,
                dapr.unlockAlpha1(unlock("redislock", id, "alice")).getStatus());
    }

    @Test
    void unknownStoreIsInvalidArgumentWithoutDetails() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.tryLockAlpha1(tryLock("nope", "r", "alice", 5)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("lock store nope not found", e.getStatus().getDescription());
        assertNull(errorInfo(e), "daprd's lock errors carry no ErrorInfo");
    }

    @Test
    void expiryNotPositiveIsInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> dapr.tryLockAlpha1(tryLock("lockstore", "r", "alice", -1)));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("ExpiryInSeconds is not positive in lock store lockstore", e.getStatus().getDescription());
    }

    private static TryLockRequest tryLock(String store, String id, String owner, int expiry) {
        return TryLockRequest.newBuilder().setStoreName(store).setResourceId(id).setLockOwner(owner)
                .setExpiryInSeconds(expiry).build();
    }

    private static UnlockRequest unlock(String store, String id, String owner) {
        return UnlockRequest.newBuilder().setStoreName(store).setResourceId(id).setLockOwner(owner).build();
    }
}
