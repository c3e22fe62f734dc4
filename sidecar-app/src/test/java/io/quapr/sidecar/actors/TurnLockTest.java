package io.quapr.sidecar.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quapr.sidecar.api.errors.DaprException;
import io.quapr.sidecar.api.errors.ErrorCode;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

/** One actor's turns: queueing in order, reentrancy by chain id, its depth limit, callers that go away. */
class TurnLockTest {

    @Test
    void callsWaitForTheTurnInArrivalOrder() {
        TurnLock lock = new TurnLock();
        UniAssertSubscriber<Void> first = lock.acquire(null, 32).subscribe().withSubscriber(UniAssertSubscriber
                .create());
        UniAssertSubscriber<Void> second = lock.acquire(null, 32).subscribe().withSubscriber(UniAssertSubscriber
                .create());
        UniAssertSubscriber<Void> third = lock.acquire(null, 32).subscribe().withSubscriber(UniAssertSubscriber
                .create());
        first.assertCompleted();
        second.assertNotTerminated();
        third.assertNotTerminated();
        lock.release();
        second.assertCompleted();
        third.assertNotTerminated();
        lock.release();
        third.assertCompleted();
        lock.release();
        assertFalse(lock.busy());
    }

    @Test
    void aCallOfTheRunningChainEntersOthersWait() {
        TurnLock lock = new TurnLock();
        lock.acquire("chain-a", 3).subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted();
        UniAssertSubscriber<Void> other = lock.acquire("chain-b", 3).subscribe().withSubscriber(
                UniAssertSubscriber.create());
        lock.acquire("chain-a", 3).subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted();
        lock.acquire("chain-a", 3).subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted();
        Throwable tooDeep = lock.acquire("chain-a", 3).subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(DaprException.class).getFailure();
        assertEquals(ErrorCode.ACTOR_STACK_DEPTH, ((DaprException) tooDeep).code());
        other.assertNotTerminated();
        lock.release();
        lock.release();
        other.assertNotTerminated();
        lock.release();
        other.assertCompleted();
    }

    @Test
    void aWaiterThatGoesAwayDoesNotHoldTheTurn() {
        TurnLock lock = new TurnLock();
        lock.acquire(null, 32).subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Void> gone = lock.acquire(null, 32).subscribe().withSubscriber(UniAssertSubscriber
                .create());
        UniAssertSubscriber<Void> next = lock.acquire(null, 32).subscribe().withSubscriber(UniAssertSubscriber
                .create());
        gone.cancel();
        lock.release();
        next.assertCompleted();
        lock.release();
        assertFalse(lock.busy());
        lock.acquire(null, 32).subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted();
    }
}
