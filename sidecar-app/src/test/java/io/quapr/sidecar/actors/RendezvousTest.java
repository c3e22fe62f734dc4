package io.quapr.sidecar.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RendezvousTest {

    private static final List<ActorMembership.Member> THREE = List.of(member("a", "10.0.0.1:50002"), member("b",
            "10.0.0.2:50002"), member("c", "10.0.0.3:50002"));

    @Test
    void spreadsActorsEvenlyOverTheMembers() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            counts.merge(Rendezvous.owner(THREE, "T", "actor-" + i).id(), 1, Integer::sum);
        }
        assertEquals(3, counts.size());
        counts.values().forEach(n -> assertTrue(n > 9_000 && n < 11_000, "uneven spread: " + counts));
    }

    @Test
    void aMemberLeavingMovesOnlyItsOwnActors() {
        List<ActorMembership.Member> two = THREE.subList(0, 2);
        for (int i = 0; i < 10_000; i++) {
            String before = Rendezvous.owner(THREE, "T", "actor-" + i).id();
            String after = Rendezvous.owner(two, "T", "actor-" + i).id();
            if (!before.equals("c")) {
                assertEquals(before, after, "actor-" + i + " moved though its member stayed");
            }
        }
    }

    @Test
    void theOwnerDoesNotDependOnTheMembersOrderAndNoMembersMeansNoOwner() {
        List<ActorMembership.Member> reversed = List.of(THREE.get(2), THREE.get(1), THREE.get(0));
        for (int i = 0; i < 1_000; i++) {
            assertEquals(Rendezvous.owner(THREE, "T", "x" + i).id(), Rendezvous.owner(reversed, "T", "x" + i).id());
        }
        assertNull(Rendezvous.owner(List.of(), "T", "x"));
    }

    @Test
    void theScoreIsPinned() {
        // every sidecar of a cluster must compute the same owner, whatever its JVM or version:
        // a change of the hash would move every actor of a cluster under a rolling upgrade
        assertEquals(-1537613707503854561L, Rendezvous.score("10.0.0.1:50002", "T", "actor-1"));
        assertTrue(Rendezvous.score("10.0.0.1:50002", "T", "actor-1") != Rendezvous.score("10.0.0.1:50002", "U",
                "actor-1"));
    }

    private static ActorMembership.Member member(String id, String address) {
        return new ActorMembership.Member(id, address, Set.of("T"));
    }
}
