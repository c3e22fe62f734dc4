package io.quapr.components.pubsub.aws.snssqs;

/**
 * Topic and queue names as daprd makes them from Dapr's names, and the ARNs it builds from them.
 * Sharing names with daprd is what lets the two sidecars publish and subscribe on one topology.
 */
final class AwsNames {

    /** The suffix AWS requires of FIFO topic and queue names. */
    static final String FIFO_SUFFIX = ".fifo";

    /** The longest name SQS takes (SNS takes 256; daprd cuts both at 80). */
    static final int MAX_LENGTH = 80;

    private AwsNames() {
    }

    /**
     * daprd's sanitising: keeps ASCII letters, digits, {@code -} and {@code _} (dropping every
     * other character, {@code /} and {@code .} included), cuts at 80 characters, and for FIFO
     * ends the name with {@code .fifo}, shortening it to make room. A FIFO name that already ends
     * with {@code .fifo} keeps one suffix.
     */
    static String sanitize(String name, boolean fifo) {
        String base = fifo && name.endsWith(FIFO_SUFFIX)
                ? name.substring(0, name.length() - FIFO_SUFFIX.length())
                : name;
        StringBuilder kept = new StringBuilder(Math.min(base.length(), MAX_LENGTH));
        for (int i = 0; i < base.length() && kept.length() < MAX_LENGTH; i++) {
            char c = base.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                kept.append(c);
            }
        }
        if (!fifo) {
            return kept.toString();
        }
        kept.setLength(Math.min(kept.length(), MAX_LENGTH - FIFO_SUFFIX.length()));
        return kept.append(FIFO_SUFFIX).toString();
    }

    /** The AWS partition of a region, as daprd derives it. */
    static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        } else if (region.startsWith("eusc-")) {
            return "aws-eusc";
        } else if (region.startsWith("us-iso-")) {
            return "aws-iso";
        } else if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        } else if (region.startsWith("eu-isoe-")) {
            return "aws-iso-e";
        } else if (region.startsWith("us-isof-")) {
            return "aws-iso-f";
        } else if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<name>}. */
    static String arn(String service, String region, String accountId, String name) {
        return "arn:" + partition(region) + ":" + service + ":" + region + ":" + accountId + ":" + name;
    }

    /** The name at the end of an ARN: a topic's or queue's (sanitised) name. */
    static String lastSegment(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }
}
