package io.quapr.sidecar.appchannel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.app.ChannelTestApp;
import io.quapr.sidecar.testing.app.ChannelTestAppResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --app-protocol h2c}: the sidecar speaks HTTP/2 without TLS to its app, with prior
 * knowledge (no upgrade request), as daprd does.
 */
@QuarkusTest
@WithTestResource(AppProtocolH2cTest.App.class)
class AppProtocolH2cTest {

    /** The app over HTTP/2 cleartext. */
    public static class App extends ChannelTestAppResource {

        public App() {
            super(ChannelTestApp.Mode.H2C, Map.of("quapr.app-protocol", "h2c"));
        }
    }

    @Test
    void deliveriesAndInvocationsGoOverHttp2() {
        assertEquals("plain HTTP_2", AppChannelChecks.deliverOne("over-h2c"));
        assertEquals(200, AppChannelChecks.invoke());
    }
}
