package io.quapr.components.pubsub.aws.snssqs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Names as daprd sanitises them, so both sidecars land on the same topics and queues. */
class AwsNamesTest {

    @Test
    void keepsLettersDigitsHyphensAndUnderscores() {
        assertEquals("orders-new_v2", AwsNames.sanitize("orders-new_v2", false));
        assertEquals("ordersnewv2", AwsNames.sanitize("orders/new.v2", false));
        assertEquals("caf", AwsNames.sanitize("café", false));
        assertEquals("", AwsNames.sanitize("/.:", false));
    }

    @Test
    void cutsAtEightyCharacters() {
        String long100 = "a".repeat(100);
        assertEquals("a".repeat(80), AwsNames.sanitize(long100, false));
        assertEquals("a".repeat(80), AwsNames.sanitize("a".repeat(40) + "/" + "a".repeat(60), false));
    }

    @Test
    void fifoNamesEndWithOneFifoSuffixWithinEightyCharacters() {
        assertEquals("orders.fifo", AwsNames.sanitize("orders", true));
        assertEquals("orders.fifo", AwsNames.sanitize("orders.fifo", true));
        assertEquals("ordersfifo", AwsNames.sanitize("orders.fifo", false));
        assertEquals("a".repeat(75) + ".fifo", AwsNames.sanitize("a".repeat(100), true));
        assertEquals(AwsNames.sanitize("x/y", true), AwsNames.sanitize(AwsNames.sanitize("x/y", true), true));
    }

    @Test
    void arnsFollowTheRegionsPartition() {
        assertEquals("arn:aws:sns:us-east-1:123456789012:t", AwsNames.arn("sns", "us-east-1", "123456789012", "t"));
        assertEquals("arn:aws-cn:sqs:cn-north-1:1:q", AwsNames.arn("sqs", "cn-north-1", "1", "q"));
        assertEquals("aws-us-gov", AwsNames.partition("us-gov-west-1"));
        assertEquals("aws-iso-b", AwsNames.partition("us-isob-east-1"));
        assertEquals("t", AwsNames.lastSegment("arn:aws:sns:us-east-1:123456789012:t"));
    }
}
