package io.quapr.components.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;

/**
 * IRSA on EKS: the pod's web identity token is exchanged for role credentials at STS, which the
 * SDK does with a synchronous HTTP client. Against moto's STS: the exchange works with the
 * sidecar's class path (it failed to load an HTTP implementation before one was added).
 */
class WebIdentityCredentialsTest {

    private static Process moto;
    private static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void startMoto() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        moto = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL()
                        .openConnection();
                c.getResponseCode();
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !moto.isAlive()) {
                    throw new IllegalStateException("moto_server did not start", notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.destroy();
        }
    }

    @Test
    void aWebIdentityTokenBecomesRoleCredentials() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwb2QifQ.c2ln");
        String previousEndpoint = System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + port);
        String previousRegion = System.setProperty("aws.region", "us-east-1");
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
