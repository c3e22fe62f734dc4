package io.quapr.sidecar.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * When each job known to this sidecar is next due, ordered by that time: a tick takes the due
 * ones from the head without looking at the others, so ten thousand jobs cost no more per tick
 * than ten. A job moved to another time leaves its old slot in the heap; a slot is dropped when it
 * comes up and no longer matches, and the heap is rebuilt when such slots outnumber the jobs.
 * Safe for use from any thread.
 */
final class DueQueue {

    private record Slot(long at, String name) {
    }

    /** Below this many slots the stale ones are not worth a rebuild. */
    private static final int COMPACT_MIN = 1024;

    private final Map<String, Long> due = new HashMap<>();
    private final PriorityQueue<Slot> heap = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));

    /** Sets (or moves) the job's next due time (epoch ms). */
    synchronized void put(String name, long at) {
        Long before = due.put(name, at);
        if (before == null || before != at) {
            heap.add(new Slot(at, name));
            compactIfStale();
        }
    }

    /** Forgets the job. */
    synchronized void remove(String name) {
        if (due.remove(name) != null) {
            compactIfStale();
        }
    }

    /** Whether the job is in the queue. */
    synchronized boolean contains(String name) {
        return due.containsKey(name);
    }

    /**
     * Takes out the jobs due at {@code now}, earliest first: they are no longer in the queue (the
     * one firing a job puts it back with its next time).
     *
     * @param max the most to take
     */
    synchronized List<String> pollDue(long now, int max) {
        List<String> ready = new ArrayList<>();
        while (ready.size() < max && !heap.isEmpty() && heap.peek().at() <= now) {
            Slot s = heap.poll();
            Long at = due.get(s.name());
            if (at != null && at == s.at()) {
                due.remove(s.name());
                ready.add(s.name());
            }
        }
        return ready;
    }

    /** The names of the jobs in the queue. */
    synchronized Set<String> names() {
        return new HashSet<>(due.keySet());
    }

    /** How many jobs are in the queue. */
    synchronized int size() {
        return due.size();
    }

    private void compactIfStale() {
        if (heap.size() > COMPACT_MIN && heap.size() > 2 * due.size()) {
            heap.clear();
            due.forEach((name, at) -> heap.add(new Slot(at, name)));
        }
    }
}
