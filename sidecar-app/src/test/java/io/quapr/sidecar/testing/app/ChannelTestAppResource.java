package io.quapr.sidecar.testing.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a {@link ChannelTestApp} of one kind and points the sidecar's app port at it, with the
 * sidecar configuration a test class adds; stops that app, and only that one, afterwards.
 */
public abstract class ChannelTestAppResource implements QuarkusTestResourceLifecycleManager {

    private final ChannelTestApp.Mode mode;
    private final Map<String, String> config;
    private int port;

    /**
     * @param mode how the app listens
     * @param config more sidecar configuration ({@code quapr.app-protocol}, ...)
     */
    protected ChannelTestAppResource(ChannelTestApp.Mode mode, Map<String, String> config) {
        this.mode = mode;
        this.config = config;
    }

    @Override
    public Map<String, String> start() {
        port = ChannelTestApp.start(mode);
        Map<String, String> all = new HashMap<>(config);
        all.put("quapr.app-port", Integer.toString(port));
        return all;
    }

    @Override
    public void stop() {
        ChannelTestApp.stop(port);
    }
}
