package io.quapr.sidecar.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DueQueueTest {

    @Test
    void takesTheDueJobsEarliestFirstAndLeavesTheOthers() {
        DueQueue q = new DueQueue();
        q.put("c", 30);
        q.put("a", 10);
        q.put("later", 100);
        q.put("b", 20);
        assertEquals(List.of("a", "b", "c"), q.pollDue(50, 10));
        assertEquals(List.of(), q.pollDue(50, 10));
        assertEquals(1, q.size());
        assertTrue(q.contains("later"));
    }

    @Test
    void aMovedJobComesUpAtItsNewTimeOnlyAndARemovedOneNever() {
        DueQueue q = new DueQueue();
        q.put("moved", 10);
        q.put("moved", 60);
        q.put("gone", 20);
        q.remove("gone");
        assertEquals(List.of(), q.pollDue(50, 10), "neither the old slot nor the removed job");
        assertEquals(List.of("moved"), q.pollDue(60, 10));
        assertFalse(q.contains("moved"), "a job taken out is the firer's to put back");
    }

    @Test
    void takesNoMoreThanAskedTheRestStayDue() {
        DueQueue q = new DueQueue();
        for (int i = 0; i < 10; i++) {
            q.put("j" + i, i);
        }
        assertEquals(List.of("j0", "j1", "j2"), q.pollDue(100, 3));
        assertEquals(7, q.pollDue(100, 100).size());
    }

    @Test
    void manyMovesLeaveOneSlotPerJobWorthFiring() {
        DueQueue q = new DueQueue();
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 1000; i++) {
                q.put("j" + i, 1000L * round + i);
            }
        }
        assertEquals(1000, q.size());
        List<String> due = new ArrayList<>(q.pollDue(Long.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(1000, due.size(), "each job once, at its last time");
        assertEquals("j0", due.get(0));
        assertEquals("j999", due.get(999));
    }
}
