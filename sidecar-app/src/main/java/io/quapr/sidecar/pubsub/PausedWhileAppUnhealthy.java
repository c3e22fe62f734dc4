package io.quapr.sidecar.pubsub;

import io.quapr.sidecar.appchannel.AppHealthProbe;

/**
 * Pauses delivery to the app while its health checks find it unhealthy, as daprd stops its
 * subscriptions then: a delivery waits for the app to be healthy again before it is attempted,
 * without counting as an attempt and without being acknowledged, so nothing is lost. The
 * in-flight bound of each subscription still holds, so a paused subscription stops taking
 * messages from its component once that many are waiting. Only the app's own subscriptions are
 * paused; streaming subscriptions do not go to the app.
 */
final class PausedWhileAppUnhealthy {

    private PausedWhileAppUnhealthy() {
    }

    /** The postman, delivering only while the app is healthy. */
    static Postman postman(Postman postman, AppHealthProbe health) {
        return letter -> health.whenHealthy().chain(() -> postman.deliver(letter));
    }

    /** The bulk postman, delivering only while the app is healthy. */
    static BulkPostman bulk(BulkPostman postman, AppHealthProbe health) {
        return batch -> health.whenHealthy().chain(() -> postman.deliver(batch));
    }
}
