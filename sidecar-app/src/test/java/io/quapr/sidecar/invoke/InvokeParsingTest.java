package io.quapr.sidecar.invoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How targets, methods, SPIFFE ids and gRPC deadlines are read (no sidecar needed). */
class InvokeParsingTest {

    @Test
    void invokePathSplitsTargetAndCleansTheMethod() {
        assertArrayEquals(new String[] { "orders", "a/b" },
                MethodPath.fromInvokePath("/v1.0/invoke/orders/method/a/./b"));
        assertArrayEquals(new String[] { "orders", "b" },
                MethodPath.fromInvokePath("/v1.0/invoke/orders/method/a/../../b"));
        assertArrayEquals(new String[] { "http://h:8080", "x" },
                MethodPath.fromInvokePath("/v1.0/invoke/http://h:8080/method/x"));
        assertNull(MethodPath.fromInvokePath("/v1.0/invoke/orders"));
        assertNull(MethodPath.fromInvokePath("/v1.0/state/s"));
        assertEquals("a%20b/c", MethodPath.encode("a b/c"));
    }

    @Test
    void targetsWithNamespaces() {
        assertEquals(new InvokeTarget("orders", "own"), InvokeTarget.parse("orders", "own"));
        assertEquals(new InvokeTarget("orders", "prod"), InvokeTarget.parse("orders.prod", "own"));
        assertTrue(InvokeTarget.parse("https://api.example.com", "own").isUrl());
        assertThrows(IllegalArgumentException.class, () -> InvokeTarget.parse("a.b.c", "own"));
    }

    @Test
    void spiffeIds() {
        assertEquals(Optional.of(new CallerIdentity("public", "default", "app-a")),
                CallerIdentity.fromSpiffeId("spiffe://public/ns/default/app-a"));
        assertEquals(Optional.empty(), CallerIdentity.fromSpiffeId("spiffe://public/app-a"));
        // csi-driver-spiffe's form on Kubernetes: the service account is the app id
        assertEquals(Optional.of(new CallerIdentity("cluster.local", "shop", "orders")),
                CallerIdentity.fromSpiffeId("spiffe://cluster.local/ns/shop/sa/orders"));
        assertEquals(Optional.empty(), CallerIdentity.fromSpiffeId("spiffe://cluster.local/ns/shop/sa/"));
        assertEquals(Optional.empty(), CallerIdentity.fromSpiffeId("spiffe://cluster.local/ns/shop/xx/orders"));
        assertEquals(Optional.empty(), CallerIdentity.fromSpiffeId("spiffe://cluster.local/ns//orders"));
        assertEquals(Optional.empty(), CallerIdentity.fromSpiffeId("https://public/ns/default/app-a"));
    }

    @Test
    void grpcTimeouts() {
        assertEquals(250, InternalServer.deadline("250m"));
        assertEquals(5000, InternalServer.deadline("5S"));
        assertEquals(1, InternalServer.deadline("10u"));
        assertEquals(0, InternalServer.deadline(null));
        assertEquals(0, InternalServer.deadline("x"));
    }
}
