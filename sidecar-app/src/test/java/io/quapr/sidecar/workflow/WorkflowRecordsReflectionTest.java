package io.quapr.sidecar.workflow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registration names classes that exist: a rename in quapr-workflow fails here, not in a native executable. */
class WorkflowRecordsReflectionTest {

    @Test
    void everyRegisteredNameIsAClassOfTheWorkflowBackend() {
        List<String> names = List
                .of(WorkflowRecordsReflection.class.getAnnotation(RegisterForReflection.class).classNames());

        assertEquals(4, names.size());
        for (String name : names) {
            Class<?> type = assertDoesNotThrow(() -> Class.forName(name), name);
            assertEquals("io.quapr.workflow.backend", type.getPackageName(), name);
        }
    }
}
