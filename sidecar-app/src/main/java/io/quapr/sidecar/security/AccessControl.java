package io.quapr.sidecar.security;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Access control for calls other apps make to this sidecar's app: the {@code --config}
 * Configuration's {@code spec.accessControl}, read and checked at start-up (a broken section
 * stops the start, naming the file and the field), evaluated per call as daprd evaluates it on
 * the callee side (see {@link AccessControlList}). The invocation code calls {@link #decide}
 * with the caller's identity taken from its mTLS certificate, and answers a denial with
 * {@code PERMISSION_DENIED} (HTTP 403) and {@link AccessDecision#message()}.
 */
@Startup
@ApplicationScoped
public class AccessControl {

    private static final Logger LOG = Logger.getLogger(AccessControl.class);

    /** The app protocols daprd counts as HTTP for access control. */
    private static final Set<String> HTTP_PROTOCOLS = Set.of("http", "https", "h2c");

    @Inject
    DaprConfiguration configuration;

    @Inject
    SidecarConfig config;

    private AccessControlList acl;

    @PostConstruct
    void init() {
        ConfigurationProblems problems = new ConfigurationProblems(configuration.source(), configuration.name());
        boolean httpApp = HTTP_PROTOCOLS.contains(config.appProtocol().toLowerCase(Locale.ROOT));
        acl = AccessControlList.parse(configuration.section("accessControl"), httpApp, problems);
        problems.throwIfAny();
        if (acl.present()) {
            LOG.infof("access control policies from %s in force (trust domain '%s')", configuration.source(),
                    acl.trustDomain());
        }
    }

    /** Whether a policy is in force; when not, every call is allowed and {@link #decide} is trivial. */
    public boolean enabled() {
        return acl.present();
    }

    /**
     * This sidecar's own trust domain: {@code spec.accessControl.trustDomain}, {@code public}
     * when not set (daprd puts it in the sidecar's SPIFFE id).
     */
    public String trustDomain() {
        return acl.trustDomain();
    }

    /**
     * Decides on one incoming invocation.
     *
     * @param callerTrustDomain the caller's trust domain, from its certificate's SPIFFE id
     * @param callerNamespace the caller's namespace, from the same id
     * @param callerAppId the caller's app id, from the same id; null when the caller presented no
     *        identity (the global {@code defaultAction} applies)
     * @param httpVerb the call's HTTP verb ({@code GET}, ...); null or empty for a call without
     *        one (a gRPC call, {@code InvokeService} without {@code HTTPExtension})
     * @param operation the method called (the path after {@code /method/}, or the gRPC
     *        {@code /package.Service/Method}), already normalised (no {@code ..}, no {@code ?})
     */
    public AccessDecision decide(String callerTrustDomain, String callerNamespace, String callerAppId,
            String httpVerb, String operation) {
        return acl.decide(callerTrustDomain, callerNamespace, callerAppId, httpVerb, operation);
    }

    /** {@link #decide} as a yes or no. */
    public boolean allows(String callerTrustDomain, String callerNamespace, String callerAppId, String httpVerb,
            String operation) {
        return decide(callerTrustDomain, callerNamespace, callerAppId, httpVerb, operation).allowed();
    }
}
