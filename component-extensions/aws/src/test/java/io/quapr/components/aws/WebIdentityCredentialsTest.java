package io.quapr.components.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;

/**
 * IRSA on EKS: the pod's web identity token is exchanged for role credentials at STS, which the
 * SDK does with a synchronous HTTP client. Against moto's STS ({@link Moto}): the exchange works
 * with the sidecar's class path (it failed to load an HTTP implementation before one was added).
 */
class WebIdentityCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void aWebIdentityTokenBecomesRoleCredentials() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwb2QifQ.c2ln");
        String previousEndpoint = System.setProperty("aws.endpointUrlSts", Moto.ENDPOINT.toString());
        String previousRegion = System.setProperty("aws.region", Moto.REGION);
        try (WebIdentityTokenFileCredentialsProvider provider = WebIdentityTokenFileCredentialsProvider.builder()
                .roleArn("arn:aws:iam::123456789012:role/quapr-nodeapp").roleSessionName("quapr")
                .webIdentityTokenFile(token).build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            AwsSessionCredentials session = assertInstanceOf(AwsSessionCredentials.class, credentials);
            assertFalse(session.accessKeyId().isEmpty());
            assertFalse(session.sessionToken().isEmpty());
            assertEquals(20, session.accessKeyId().length(), "an access key id as STS issues them");
        } finally {
            restore("aws.endpointUrlSts", previousEndpoint);
            restore("aws.region", previousRegion);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
