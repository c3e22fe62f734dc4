package io.quapr.e2e;

import io.quapr.testsupport.aws.sns.SnsStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * The TEST-ONLY SNS stand-in ({@code quapr-aws-test-support}, test scope) for the
 * {@code pubsub.aws.snssqs} runs: started in this JVM on a free loopback port on first use, in
 * front of ElasticMQ on 127.0.0.1:9324, and kept until the JVM exits. The packaged sidecar reaches
 * it through the component YAML's {@code endpoint} ({@code E2E_SNS_ENDPOINT}, see
 * {@link TestBroker#resources(String)}). It is not SNS: no SNS server can be had here.
 */
final class StandInSns {

    /** ElasticMQ, the real SQS implementation behind the stand-in (scripts/services.sh start elasticmq). */
    static final URI ELASTICMQ = URI.create("http://127.0.0.1:9324");

    private static SnsStandIn standIn;

    private StandInSns() {
    }

    /** The stand-in's endpoint (SNS, SQS and STS), starting it on first use. */
    static synchronized URI endpoint() {
        if (standIn == null) {
            try {
                standIn = new SnsStandIn(0, ELASTICMQ);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the SNS stand-in on loopback", e);
            }
            SnsStandIn started = standIn;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return standIn.endpoint();
    }
}
