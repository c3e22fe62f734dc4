package io.quapr.sidecar;

/** The version strings this build reports. */
public final class Version {

    /** The daprd API level this sidecar serves, with our own suffix. */
    public static final String RUNTIME = "1.17.0-quapr";

    private Version() {
    }
}
