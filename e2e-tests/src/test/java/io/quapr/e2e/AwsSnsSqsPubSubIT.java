package io.quapr.e2e;

/**
 * {@link PubSubTests} against {@code src/test/resources/pubsub/aws-snssqs/}: SNS and SQS are
 * moto's, with real SNS-to-SQS fan-out.
 */
class AwsSnsSqsPubSubIT extends PubSubTests {

    AwsSnsSqsPubSubIT() {
        super(TestBroker.AWS_SNSSQS);
    }
}
