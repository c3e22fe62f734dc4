package io.quapr.components.pubsub.aws.snssqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One statement per topic, as daprd writes it; what is there already stays. */
class QueuePolicyTest {

    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:app";
    private static final String TOPIC_A = "arn:aws:sns:us-east-1:000000000000:a";
    private static final String TOPIC_B = "arn:aws:sns:us-east-1:000000000000:b";

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aQueueWithoutPolicyGetsDaprdsStatement() throws Exception {
        JsonNode policy = json(QueuePolicy.allowing(null, QUEUE, TOPIC_A).orElseThrow());
        assertEquals(json("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},
                "Action":"sqs:SendMessage","Resource":"%s","Condition":{"ArnEquals":{"aws:SourceArn":"%s"}}}]}"""
                .formatted(QUEUE, TOPIC_A)), policy);
    }

    @Test
    void eachTopicIsAddedOnce() throws Exception {
        String one = QueuePolicy.allowing(null, QUEUE, TOPIC_A).orElseThrow();
        assertEquals(Optional.empty(), QueuePolicy.allowing(one, QUEUE, TOPIC_A));
        JsonNode two = json(QueuePolicy.allowing(one, QUEUE, TOPIC_B).orElseThrow());
        assertEquals(2, two.path("Statement").size());
        assertEquals(TOPIC_B, two.path("Statement").path(1).path("Condition").path("ArnEquals").path("aws:SourceArn")
                .asText());
    }

    @Test
    void anOperatorsStatementsStayAsTheyAre() throws Exception {
        String operator = """
                {"Version":"2012-10-17","Id":"ops","Statement":{"Sid":"audit","Effect":"Allow",
                "Principal":"*","Action":["sqs:GetQueueAttributes"],"Resource":"*"}}""";
        JsonNode policy = json(QueuePolicy.allowing(operator, QUEUE, TOPIC_A).orElseThrow());
        assertEquals("ops", policy.path("Id").asText());
        assertEquals("audit", policy.path("Statement").path(0).path("Sid").asText());
        assertEquals("sqs:GetQueueAttributes", policy.path("Statement").path(0).path("Action").path(0).asText());
        assertEquals(TOPIC_A, policy.path("Statement").path(1).path("Condition").path("ArnEquals")
                .path("aws:SourceArn").asText());
    }

    @Test
    void aPolicyThatIsNotJsonIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> QueuePolicy.allowing("{not json", QUEUE, TOPIC_A));
        assertThrows(IllegalArgumentException.class, () -> QueuePolicy.allowing("[]", QUEUE, TOPIC_A));
    }
}
