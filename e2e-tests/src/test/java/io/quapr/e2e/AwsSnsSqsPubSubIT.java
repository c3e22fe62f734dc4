package io.quapr.e2e;

/**
 * {@link PubSubTests} against {@code src/test/resources/pubsub/aws-snssqs/}: SQS is ElasticMQ, SNS
 * the TEST-ONLY stand-in this JVM runs ({@link StandInSns}).
 */
class AwsSnsSqsPubSubIT extends PubSubTests {

    AwsSnsSqsPubSubIT() {
        super(TestBroker.AWS_SNSSQS);
    }
}
