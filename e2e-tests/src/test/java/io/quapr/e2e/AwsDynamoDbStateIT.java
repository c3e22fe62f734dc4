package io.quapr.e2e;

/** {@link StateTests} against {@code src/test/resources/stores/aws-dynamodb/statestore.yaml}. */
class AwsDynamoDbStateIT extends StateTests {

    AwsDynamoDbStateIT() {
        super(TestStore.AWS_DYNAMODB);
    }
}
