package io.quapr.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.quapr.spi.lock.LockStore;
import io.quapr.spi.lock.UnlockStatus;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lock store suite: for every {@link LockStore} the module declares, one owner at a time,
 * release by the owner only, daprd's three unlock outcomes, and an expiry that frees the lock at
 * its instant, neither before nor (beyond a network round trip) after. A store on the kit's clock
 * sees time move at once; a store on its server's clock is waited for in real time.
 */
@ExtendWith(ConformanceExtension.class)
public class LockStoreConformanceTest {

    /** How long after its expiry a lock on a server's clock may still look held: one round trip. */
    private static final Duration LATE = Duration.ofMillis(250);

    /** One container per lock store of the module; none when it has none. */
    @TestFactory
    Stream<DynamicNode> lockStores(ConformanceRun run) {
        return run.components(LockStore.class).stream().map(type -> container(run, type));
    }

    private static DynamicNode container(ConformanceRun run, Class<? extends LockStore> type) {
        LiveComponent<LockStore> live = LiveComponent.start(type, run);
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(live.initTest());
        if (live.ready()) {
            LockStore store = live.instance();
            nodes.add(dynamicTest("a free lock is taken; then nobody takes it, its owner neither", () -> {
                String id = newId();
                assertTrue(Ops.await(store.tryLock(id, "owner-a", 60)), "tryLock of a free lock");
                assertFalse(Ops.await(store.tryLock(id, "owner-b", 60)), "another owner took a held lock");
                assertFalse(Ops.await(store.tryLock(id, "owner-a", 60)), "the owner took its held lock again");
            }));
            nodes.add(dynamicTest("unlock by another owner is LOCK_BELONGS_TO_OTHERS and keeps the lock", () -> {
                String id = newId();
                assertTrue(Ops.await(store.tryLock(id, "owner-a", 60)));
                assertEquals(UnlockStatus.LOCK_BELONGS_TO_OTHERS, Ops.await(store.unlock(id, "owner-b")));
                assertFalse(Ops.await(store.tryLock(id, "owner-b", 60)), "the lock was released by another");
            }));
            nodes.add(dynamicTest("unlock by the owner is SUCCESS and frees the lock", () -> {
                String id = newId();
                assertTrue(Ops.await(store.tryLock(id, "owner-a", 60)));
                assertEquals(UnlockStatus.SUCCESS, Ops.await(store.unlock(id, "owner-a")));
                assertTrue(Ops.await(store.tryLock(id, "owner-b", 60)), "the released lock could not be taken");
            }));
            nodes.add(dynamicTest("unlock of a lock nobody holds is LOCK_DOES_NOT_EXIST", () -> {
                String id = newId();
                assertEquals(UnlockStatus.LOCK_DOES_NOT_EXIST, Ops.await(store.unlock(id, "owner-a")));
                assertTrue(Ops.await(store.tryLock(id, "owner-a", 60)));
                assertEquals(UnlockStatus.SUCCESS, Ops.await(store.unlock(id, "owner-a")));
                assertEquals(UnlockStatus.LOCK_DOES_NOT_EXIST, Ops.await(store.unlock(id, "owner-a")),
                        "a second unlock");
            }));
            nodes.add(dynamicTest("of 16 owners racing for a lock, exactly one takes it", () -> {
                String id = newId();
                List<Uni<Boolean>> tries = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    tries.add(store.tryLock(id, "owner-" + i, 60));
                }
                List<Boolean> won = Ops.await(Uni.join().all(tries).andFailFast());
                assertEquals(1, won.stream().filter(Boolean::booleanValue).count(), "winners: " + won);
            }));
            nodes.add(dynamicTest("expiryInSeconds=1: held until its expiry, free from then on", () -> expiry(run,
                    store)));
        }
        nodes.add(live.closeTest());
        return Labels.apply(dynamicContainer(live.displayName(), nodes));
    }

    private static void expiry(ConformanceRun run, LockStore store) throws InterruptedException {
        String id = newId();
        Instant clockStart = run.clock().instant();
        Instant before = Instant.now();
        assertTrue(Ops.await(store.tryLock(id, "owner-a", 1)));
        Instant after = Instant.now();
        // 0.8 s later, by both clocks: still held
        sleepUntil(before.plusMillis(800));
        run.clock().set(clockStart.plusMillis(800));
        assertFalse(Ops.await(store.tryLock(id, "owner-b", 1)), "the lock was free 0.8 s into a 1 s expiry");
        // at its expiry: free, at once on the kit's clock, within a round trip on a server's
        run.clock().set(clockStart.plusSeconds(1));
        Instant deadline = after.plusSeconds(1).plus(LATE);
        while (!Ops.await(store.tryLock(id, "owner-b", 60))) {
            if (Instant.now().isAfter(deadline)) {
                fail("the lock was still held " + Duration.between(after.plusSeconds(1), Instant.now()).toMillis()
                        + " ms after its expiry");
            }
            Thread.sleep(10);
        }
        assertEquals(UnlockStatus.LOCK_BELONGS_TO_OTHERS, Ops.await(store.unlock(id, "owner-a")),
                "the expired owner's unlock, once another holds the lock");
        assertEquals(UnlockStatus.SUCCESS, Ops.await(store.unlock(id, "owner-b")));
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = Duration.between(Instant.now(), instant).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static String newId() {
        return "conformance-lock-" + UUID.randomUUID();
    }
}
