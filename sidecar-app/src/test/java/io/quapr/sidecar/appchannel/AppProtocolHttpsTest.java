package io.quapr.sidecar.appchannel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quapr.sidecar.testing.app.ChannelTestApp;
import io.quapr.sidecar.testing.app.ChannelTestAppResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --app-protocol https}: the sidecar speaks TLS to its app and, as daprd, accepts the
 * app's certificate without checking it (here one signed by a CA nobody trusts).
 */
@QuarkusTest
@WithTestResource(AppProtocolHttpsTest.App.class)
class AppProtocolHttpsTest {

    /** The app over TLS. */
    public static class App extends ChannelTestAppResource {

        public App() {
            super(ChannelTestApp.Mode.HTTPS, Map.of("quapr.app-protocol", "https"));
        }
    }

    @Test
    void deliveriesAndInvocationsGoOverTls() {
        assertEquals("tls HTTP_1_1", AppChannelChecks.deliverOne("over-tls"));
        assertEquals(200, AppChannelChecks.invoke());
    }
}
