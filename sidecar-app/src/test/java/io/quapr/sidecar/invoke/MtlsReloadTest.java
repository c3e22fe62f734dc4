package io.quapr.sidecar.invoke;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quapr.sidecar.testing.invoke.MtlsResource;
import io.quapr.sidecar.testing.invoke.PeerRegistry;
import io.quapr.testsupport.tls.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * mTLS on the sidecar-to-sidecar channel, renewed on disk while the sidecar runs. The sidecar
 * calls itself through its internal server under another app id, so it is both client and
 * server: after the trust anchors change alone, its own old certificate is no longer trusted
 * (the call fails); once the certificate is renewed from the new CA, calls succeed again. No
 * restart in between.
 */
@QuarkusTest
@WithTestResource(MtlsResource.class)
class MtlsReloadTest {

    @Inject
    InternalServer internal;

    @Test
    void renewedCertificatesAreUsedWithoutARestart() throws Exception {
        // "localhost", not the sidecar's own "127.0.0.1" registration: addresses are unique in the table
        PeerRegistry.register("peer", "localhost:" + internal.port());
        given().get("/v1.0/invoke/peer/method/hello").then().log().ifValidationFails().statusCode(200)
                .header("x-seen-dapr-caller-app-id", "testapp").header("x-seen-dapr-caller-namespace", "default");

        // a new CA: only the anchors change first, so this sidecar's certificate is now foreign
        Path staging = Files.createTempDirectory("quapr-mtls-next-");
        Path[] next = TestCertificates.authority("second-ca").issue(staging, "sidecar",
                "spiffe://public/ns/default/testapp");
        Files.copy(next[0], MtlsResource.FILES.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        awaitStatus(500);

        Files.copy(next[2], MtlsResource.FILES.resolve("sidecar.key"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next[1], MtlsResource.FILES.resolve("sidecar.crt"),
                StandardCopyOption.REPLACE_EXISTING);
        awaitStatus(200);
        given().get("/v1.0/invoke/peer/method/hello").then().statusCode(200).body(equalTo(""));
    }

    private static void awaitStatus(int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = given().get("/v1.0/invoke/peer/method/hello").statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("status " + status + " expected after the renewal, last " + last);
    }
}
