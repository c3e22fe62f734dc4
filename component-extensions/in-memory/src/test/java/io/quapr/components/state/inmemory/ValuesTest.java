package io.quapr.components.state.inmemory;

import static io.quapr.components.state.inmemory.StoreFixture.await;
import static io.quapr.components.state.inmemory.StoreFixture.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quapr.spi.state.GetResponse;
import io.quapr.spi.state.SetRequest;
import io.quapr.spi.state.StateOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void theStoreOwnsItsBytes() {
        try (StoreFixture f = new StoreFixture()) {
            byte[] written = utf8("abc");
            await(f.store.set(SetRequest.of("k", written)));
            written[0] = 'X';
            GetResponse read = f.get("k");
            read.data()[1] = 'Y';
            assertArrayEquals(utf8("abc"), f.get("k").data());
        }
    }

    @Test
    void theContentTypeComesBack() {
        try (StoreFixture f = new StoreFixture()) {
            await(f.store.set(new SetRequest("k", utf8("{}"), null, Map.of(SetRequest.CONTENT_TYPE, "application/json"),
                    StateOptions.DEFAULT)));
            assertEquals("application/json", f.get("k").contentType());
        }
    }

    @Test
    void closeForgetsEverything() {
        StoreFixture f = new StoreFixture();
        f.set("k", "1");
        f.close();
        assertEquals(0, f.store.size());
        assertFalse(f.store.features().isEmpty());
    }
}
