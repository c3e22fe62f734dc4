package io.quapr.sidecar.actors;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: an actor goes to the member whose hash of
 * (member address, actor type, actor id) is highest. Every sidecar computes the same owner from
 * the same members with no shared table, and when a member joins or leaves only the actors it
 * gains or held move (as on daprd's consistent hash ring, but with an even spread and no virtual
 * nodes to tune). The address, not the member id, is hashed: a sidecar restarted at the same
 * address gets its actors back.
 */
final class Rendezvous {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Rendezvous() {
    }

    /** The member that owns the actor; null when there are none. */
    static ActorMembership.Member owner(List<ActorMembership.Member> members, String type, String id) {
        ActorMembership.Member best = null;
        long bestScore = 0;
        for (ActorMembership.Member m : members) {
            long score = score(m.address(), type, id);
            if (best == null || Long.compareUnsigned(score, bestScore) > 0
                    || (score == bestScore && m.address().compareTo(best.address()) > 0)) {
                best = m;
                bestScore = score;
            }
        }
        return best;
    }

    /** A 64-bit hash, the same in every JVM: FNV-1a over the UTF-8 bytes, then a finalising mix. */
    static long score(String address, String type, String id) {
        long h = FNV_OFFSET;
        h = mix(h, address);
        h = mix(h, "|" + type + "|");
        h = mix(h, id);
        // FNV alone spreads neighbouring keys poorly in the high bits: splitmix64's finaliser fixes that
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return h;
    }

    private static long mix(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }
}
