package io.quapr.sidecar.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP metrics' path label, as daprd chooses it. */
class HttpPathLabelTest {

    @Test
    void noPathLabelByDefault() {
        HttpPathLabel label = new HttpPathLabel(List.of(), false);
        assertEquals("", label.label("/v1.0/state/orders/o-1"));
        assertEquals("/healthz", label.label("/healthz"));
    }

    @Test
    void patternsWinOverRawPathsAndTheMostSpecificWins() {
        HttpPathLabel label = new HttpPathLabel(List.of("/v1.0/state/{store}/{key}", "/v1.0/state/orders/{key}",
                "/orders/"), false);
        assertEquals("/v1.0/state/orders/{key}", label.label("/v1.0/state/orders/o-1"));
        assertEquals("/v1.0/state/{store}/{key}", label.label("/v1.0/state/carts/c-1"));
        assertEquals("", label.label("/v1.0/state/carts"));
        assertEquals("/orders/", label.label("/orders/a/b"));
        // daprd also registers each pattern under service invocation
        assertEquals("/v1.0/invoke/{app_id}/method/orders/", label.label("/v1.0/invoke/shop/method/orders/42"));
    }

    @Test
    void increasedCardinalityDropsKeysAndIds() {
        HttpPathLabel label = new HttpPathLabel(List.of(), true);
        assertEquals("/v1.0/state/orders", label.label("/v1.0/state/orders/o-1"));
        assertEquals("/v1.0/secrets/vault", label.label("/v1.0/secrets/vault/db-password"));
        assertEquals("/v1.0/actors/Cart/{id}/method", label.label("/v1.0/actors/Cart/42/method/add"));
        assertEquals("/v1.0/publish/pubsub/orders", label.label("/v1.0/publish/pubsub/orders"));
    }
}
