package io.quapr.sidecar.invoke;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Who calls this sidecar's app: read from the SPIFFE id in the caller sidecar's certificate when
 * mTLS is on, else from what the caller sidecar says about itself.
 *
 * @param trustDomain the SPIFFE trust domain; empty without mTLS
 * @param namespace the caller's namespace; may be empty
 * @param appId the caller's app id; may be empty when the caller has none
 */
public record CallerIdentity(String trustDomain, String namespace, String appId) {

    private static final int URI_SAN = 6;

    /**
     * The identity in a certificate's URI SAN {@code spiffe://<trust-domain>/ns/<namespace>/<app-id>}.
     *
     * @return empty when the certificate carries no such SPIFFE id
     */
    public static Optional<CallerIdentity> fromCertificate(X509Certificate cert) {
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (sans == null) {
            return Optional.empty();
        }
        for (List<?> san : sans) {
            if (san.size() >= 2 && Integer.valueOf(URI_SAN).equals(san.get(0)) && san.get(1) instanceof String uri) {
                Optional<CallerIdentity> id = fromSpiffeId(uri);
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Parses {@code spiffe://<trust-domain>/ns/<namespace>/<app-id>} (what Dapr's sentry issues) or
     * {@code spiffe://<trust-domain>/ns/<namespace>/sa/<service-account>} (what cert-manager's
     * csi-driver-spiffe issues on Kubernetes, where each app has its own service account named as
     * its app id: the certificate's service account is the app id).
     */
    public static Optional<CallerIdentity> fromSpiffeId(String uri) {
        if (!uri.startsWith("spiffe://")) {
            return Optional.empty();
        }
        String rest = uri.substring("spiffe://".length());
        String[] parts = rest.split("/", -1);
        if (parts.length < 4 || !parts[1].equals("ns") || parts[0].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        if (parts.length == 4 && !parts[3].isEmpty()) {
            return Optional.of(new CallerIdentity(parts[0], parts[2], parts[3]));
        }
        if (parts.length == 5 && parts[3].equals("sa") && !parts[4].isEmpty()) {
            return Optional.of(new CallerIdentity(parts[0], parts[2], parts[4]));
        }
        return Optional.empty();
    }
}
