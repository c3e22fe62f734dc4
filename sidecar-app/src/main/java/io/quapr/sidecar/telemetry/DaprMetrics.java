package io.quapr.sidecar.telemetry;

import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.config.resource.DaprConfiguration;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * daprd's metrics, with daprd's names, label keys and units (latencies in milliseconds, daprd's
 * buckets), so Dapr's Grafana dashboards and alerts work unchanged. Every recording method is
 * cheap and returns at once when metrics are off ({@code spec.metrics.enabled: false}).
 *
 * <p>
 * Labels never carry a raw URL unless configured ({@link MetricsSettings}), and every metric's
 * series count is capped ({@link #MAX_SERIES}), so memory stays bounded whatever the traffic.
 * Metrics with a label that any caller chooses (a topic published to, a request path with
 * {@code increasedCardinality}, a proxied gRPC method, a workflow or activity name) have a much
 * lower cap ({@link #MAX_INPUT_SERIES}): one unauthenticated client can then add at most a few
 * hundred KB to a scrape, which stays under 1 MB by default.
 */
@ApplicationScoped
public class DaprMetrics {

    /** The most series one metric keeps; later label combinations share one overflow series. */
    static final int MAX_SERIES = 2_000;

    /**
     * The most series of a metric labelled by request input; a histogram series is about 35 lines
     * of text, so this keeps one such metric near 400 KB at worst.
     */
    static final int MAX_INPUT_SERIES = 64;

    /** daprd's circuit breaker states, in the order it records them ({@code dapr_resiliency_cb_state}). */
    private static final String[] BREAKER_STATES = { "closed", "half-open", "open", "unknown" };

    private static final Set<String> HTTP_VERBS = Set.of("GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS",
            "CONNECT", "TRACE");

    @Inject
    SidecarConfig config;

    @Inject
    DaprConfiguration configuration;

    private MetricsSettings settings;
    private boolean enabled;
    private String appId;
    private String namespace;
    private HttpPathLabel paths;
    private final List<MetricFamily> families = new ArrayList<>();

    private MetricFamily httpRequestCount;
    private MetricFamily httpLatency;
    private MetricFamily httpRequestBytes;
    private MetricFamily httpResponseBytes;
    private MetricFamily grpcCompleted;
    private MetricFamily grpcLatency;
    private MetricFamily stateCount;
    private MetricFamily stateLatency;
    private MetricFamily secretCount;
    private MetricFamily secretLatency;
    private MetricFamily configurationCount;
    private MetricFamily configurationLatency;
    private MetricFamily bindingCount;
    private MetricFamily bindingLatency;
    private MetricFamily inputBindingCount;
    private MetricFamily inputBindingLatency;
    private MetricFamily egressCount;
    private MetricFamily egressLatency;
    private MetricFamily ingressCount;
    private MetricFamily ingressLatency;
    private MetricFamily resiliencyCount;
    private MetricFamily resiliencyActivations;
    private MetricFamily resiliencyBreakerState;
    private MetricFamily errorCodes;
    private MetricFamily workflowOperationCount;
    private MetricFamily workflowOperationLatency;
    private MetricFamily workflowExecutionCount;
    private MetricFamily workflowExecutionLatency;
    private MetricFamily workflowSchedulingLatency;
    private MetricFamily activityOperationCount;
    private MetricFamily activityOperationLatency;
    private MetricFamily activityExecutionCount;
    private MetricFamily activityExecutionLatency;

    @PostConstruct
    void init() {
        settings = MetricsSettings.from(configuration.section("metrics"), configuration.source());
        enabled = settings.enabled();
        appId = config.appId().orElse("");
        namespace = config.namespace().orElse("");
        paths = new HttpPathLabel(settings.pathMatching(), settings.increasedCardinality());
        double[] ms = settings.latencyBuckets();
        double[] bytes = { 1 << 10, 2 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20,
                64 << 20, 256 << 20, 1L << 30, 4L << 30 };
        httpRequestCount = inputCounter("dapr_http_server_request_count",
                "Count of HTTP requests processed by the server.", "app_id", "method", "path", "status");
        httpLatency = inputHistogram("dapr_http_server_latency", "HTTP request end-to-end latency in server.", ms,
                "app_id", "method", "path", "status");
        httpRequestBytes = histogram("dapr_http_server_request_bytes",
                "HTTP request body size if set as ContentLength (uncompressed) in server.", bytes, "app_id");
        httpResponseBytes = histogram("dapr_http_server_response_bytes",
                "HTTP response body size (uncompressed) in server.", bytes, "app_id");
        grpcCompleted = inputCounter("dapr_grpc_io_server_completed_rpcs", "Count of RPCs by method and status.",
                "app_id", "grpc_server_method", "grpc_server_status");
        grpcLatency = inputHistogram("dapr_grpc_io_server_server_latency",
                "Distribution of server latency in milliseconds, by method.", ms, "app_id", "grpc_server_method",
                "grpc_server_status");
        String[] op = { "app_id", "component", "namespace", "operation", "success" };
        stateCount = counter("dapr_component_state_count", "The number of operations performed on the state component.",
                op);
        stateLatency = histogram("dapr_component_state_latencies",
                "The latency of the response from the state component.",
                ms, op);
        secretCount = counter("dapr_component_secret_count",
                "The number of operations performed on the secret component.", op);
        secretLatency = histogram("dapr_component_secret_latencies",
                "The latency of the response from the secret component.", ms, op);
        configurationCount = counter("dapr_component_configuration_count",
                "The number of operations performed on the configuration component.", op);
        configurationLatency = histogram("dapr_component_configuration_latencies",
                "The latency of the response from the configuration component.", ms, op);
        bindingCount = counter("dapr_component_output_binding_count",
                "The number of operations invoked on the output binding component.", op);
        bindingLatency = histogram("dapr_component_output_binding_latencies",
                "The latency of the response from the output binding component.", ms, op);
        String[] input = { "app_id", "component", "namespace", "success" };
        inputBindingCount = counter("dapr_component_input_binding_count",
                "The number of incoming events arriving from the input binding component.", input);
        inputBindingLatency = histogram("dapr_component_input_binding_latencies",
                "The triggered app event processing latency.", ms, input);
        String[] egress = { "app_id", "component", "namespace", "success", "topic" };
        egressCount = inputCounter("dapr_component_pubsub_egress_count",
                "The number of outgoing messages published to the pub/sub component.", egress);
        egressLatency = inputHistogram("dapr_component_pubsub_egress_latencies",
                "The latency of the response from the pub/sub component.", ms, egress);
        String[] ingress = { "app_id", "component", "namespace", "process_status", "status", "topic" };
        ingressCount = counter("dapr_component_pubsub_ingress_count",
                "The number of incoming messages arriving from the pub/sub component.", ingress);
        ingressLatency = histogram("dapr_component_pubsub_ingress_latencies",
                "The consuming app event processing latency.",
                ms, ingress);
        String[] resiliency = { "app_id", "name", "namespace", "policy", "flow_direction", "target", "status" };
        resiliencyCount = counter("dapr_resiliency_count",
                "Number of times a resiliency policyKey has been applied to a building block.",
                resiliency);
        resiliencyActivations = counter("dapr_resiliency_activations_total",
                "Number of times a resiliency policyKey has been activated in a building block after a failure or after a state change.",
                resiliency);
        resiliencyBreakerState = MetricFamily.gauge("dapr_resiliency_cb_state",
                "A resiliency policy's current CircuitBreakerState state. 0 is closed, 1 is half-open, 2 is open, and -1 is unknown.",
                MAX_SERIES, resiliency);
        families.add(resiliencyBreakerState);
        errorCodes = counter("dapr_error_code_total", "Number of times an error with a specific error code occurred.",
                "app_id", "error_code", "category");
        workflowFamilies(ms);
        ErrorCodeCounter.use(this);
    }

    /**
     * daprd's workflow metrics ({@code pkg/diagnostics/workflow_monitoring.go}): labels in the
     * order its exporter writes them (sorted), latencies in daprd's latency buckets. Workflow and
     * activity names come from clients: the low cap.
     */
    private void workflowFamilies(double[] ms) {
        String[] op = { "app_id", "namespace", "operation", "status" };
        workflowOperationCount = counter("dapr_runtime_workflow_operation_count",
                "The number of successful/failed workflow operation requests.", op);
        workflowOperationLatency = histogram("dapr_runtime_workflow_operation_latency",
                "The latencies of responses for workflow operation requests.", ms, op);
        String[] wf = { "app_id", "namespace", "status", "workflow_name" };
        workflowExecutionCount = inputCounter("dapr_runtime_workflow_execution_count",
                "The number of successful/failed/recoverable workflow executions.", wf);
        workflowExecutionLatency = inputHistogram("dapr_runtime_workflow_execution_latency",
                "The total time taken to run workflow to completion.", ms, wf);
        workflowSchedulingLatency = inputHistogram("dapr_runtime_workflow_scheduling_latency",
                "Interval between workflow execution request and workflow execution.", ms, "app_id", "namespace",
                "workflow_name");
        String[] act = { "activity_name", "app_id", "namespace", "status" };
        activityOperationCount = inputCounter("dapr_runtime_workflow_activity_operation_count",
                "The number of successful/failed activity operation requests.", act);
        activityOperationLatency = inputHistogram("dapr_runtime_workflow_activity_operation_latency",
                "The latencies of responses for activity operation requests.", ms, act);
        activityExecutionCount = inputCounter("dapr_runtime_workflow_activity_execution_count",
                "The number of successful/failed/recoverable activity executions.", act);
        activityExecutionLatency = inputHistogram("dapr_runtime_workflow_activity_execution_latency",
                "The total time taken to run an activity to completion.", ms, act);
    }

    private MetricFamily counter(String name, String help, String... labels) {
        return add(MetricFamily.counter(name, help, MAX_SERIES, labels));
    }

    private MetricFamily histogram(String name, String help, double[] buckets, String... labels) {
        return add(MetricFamily.histogram(name, help, buckets, MAX_SERIES, labels));
    }

    /** A counter with a label a caller chooses: the low cap. */
    private MetricFamily inputCounter(String name, String help, String... labels) {
        return add(MetricFamily.counter(name, help, MAX_INPUT_SERIES, labels));
    }

    /** A histogram with a label a caller chooses: the low cap. */
    private MetricFamily inputHistogram(String name, String help, double[] buckets, String... labels) {
        return add(MetricFamily.histogram(name, help, buckets, MAX_INPUT_SERIES, labels));
    }

    private MetricFamily add(MetricFamily f) {
        families.add(f);
        return f;
    }

    /** Whether metrics are recorded and served. */
    public boolean enabled() {
        return enabled;
    }

    /** The settings in force. */
    public MetricsSettings settings() {
        return settings;
    }

    /**
     * One HTTP API request, served.
     *
     * @param method the request method
     * @param path the request path (reduced to a label as configured)
     * @param status the response status
     * @param requestBytes the request's content length, 0 when unknown
     * @param responseBytes the bytes of the response body
     * @param elapsedMs the time from request to response end
     */
    public void httpServer(String method, String path, int status, long requestBytes, long responseBytes,
            double elapsedMs) {
        if (!enabled) {
            return;
        }
        String m = settings.excludeVerbs() ? "" : HTTP_VERBS.contains(method) ? method : "UNKNOWN";
        String p = paths.label(path);
        String s = statusText(status);
        httpRequestCount.inc(appId, m, p, s);
        httpLatency.observe(elapsedMs, appId, m, p, s);
        httpRequestBytes.observe(requestBytes, appId);
        httpResponseBytes.observe(responseBytes, appId);
    }

    /**
     * One gRPC API call, completed.
     *
     * @param fullMethod {@code /dapr.proto.runtime.v1.Dapr/GetState}
     * @param status the status code as Go names it ({@code OK}, {@code NotFound}, see
     *        {@link io.quapr.sidecar.api.errors.StatusMapping#goName})
     * @param elapsedMs the call's duration
     */
    public void grpcServer(String fullMethod, String status, double elapsedMs) {
        if (!enabled) {
            return;
        }
        grpcCompleted.inc(appId, fullMethod, status);
        grpcLatency.observe(elapsedMs, appId, fullMethod, status);
    }

    /**
     * One component operation (not publish: see {@link #pubsubEgress}).
     *
     * @param block the component type's block ({@code state}, {@code secretstores}, ...)
     * @param component the component name
     * @param operation the operation name
     * @param success whether it succeeded
     * @param elapsedMs its duration
     */
    public void component(String block, String component, String operation, boolean success, double elapsedMs) {
        if (!enabled) {
            return;
        }
        MetricFamily count;
        MetricFamily latency;
        switch (block) {
            case "state" -> {
                count = stateCount;
                latency = stateLatency;
            }
            case "secretstores" -> {
                count = secretCount;
                latency = secretLatency;
            }
            case "configuration" -> {
                count = configurationCount;
                latency = configurationLatency;
            }
            case "bindings" -> {
                count = bindingCount;
                latency = bindingLatency;
            }
            default -> {
                return;
            }
        }
        String ok = success ? "true" : "false";
        count.inc(appId, component, namespace, operation, ok);
        if (elapsedMs > 0) {
            latency.observe(elapsedMs, appId, component, namespace, operation, ok);
        }
    }

    /**
     * One input binding event handed to the app, from the component's hand-over to the app's
     * answer (resiliency retries included), as daprd measures it.
     */
    public void inputBinding(String component, boolean success, double elapsedMs) {
        if (!enabled) {
            return;
        }
        String ok = success ? "true" : "false";
        inputBindingCount.inc(appId, component, namespace, ok);
        if (elapsedMs > 0) {
            inputBindingLatency.observe(elapsedMs, appId, component, namespace, ok);
        }
    }

    /** One message published to a pub/sub component (daprd counts each publish call). */
    public void pubsubEgress(String component, String topic, boolean success, double elapsedMs) {
        if (!enabled) {
            return;
        }
        String ok = success ? "true" : "false";
        egressCount.inc(appId, component, namespace, ok, topic);
        if (elapsedMs > 0) {
            egressLatency.observe(elapsedMs, appId, component, namespace, ok, topic);
        }
    }

    /**
     * One delivery of a message to the app.
     *
     * @param processStatus {@code success}, {@code retry} or {@code drop}, lower case as daprd
     * @param status the app's answer status as daprd labels it (empty when the app was not reached)
     */
    public void pubsubIngress(String component, String topic, String processStatus, String status, double elapsedMs) {
        if (!enabled) {
            return;
        }
        ingressCount.inc(appId, component, namespace, processStatus, status, topic);
        if (elapsedMs > 0) {
            ingressLatency.observe(elapsedMs, appId, component, namespace, processStatus, status, topic);
        }
    }

    /**
     * A resiliency policy applied to a call ({@code dapr_resiliency_count}).
     *
     * @param name the Resiliency resource's name
     * @param policy {@code timeout}, {@code retry} or {@code circuitbreaker}
     * @param flowDirection {@code inbound} or {@code outbound}
     * @param target daprd's target label: {@code app_<id>}, {@code <type>_<component>} (see
     *        {@link Telemetry#resiliencyComponentTarget})
     * @param status the circuit breaker's state, empty for other policies
     */
    public void resiliencyExecuted(String name, String policy, String flowDirection, String target, String status) {
        if (enabled) {
            resiliencyCount.inc(appId, name, namespace, policy, flowDirection, target, status);
        }
    }

    /** A resiliency policy activated after a failure or a breaker state change ({@code dapr_resiliency_activations_total}). */
    public void resiliencyActivated(String name, String policy, String flowDirection, String target, String status) {
        if (enabled) {
            resiliencyActivations.inc(appId, name, namespace, policy, flowDirection, target, status);
        }
    }

    /**
     * A circuit breaker's state ({@code dapr_resiliency_cb_state}): as daprd records it, one
     * series per state daprd knows ({@code closed}, {@code half-open}, {@code open},
     * {@code unknown}) in the {@code status} label, 1 for the state given and 0 for the others.
     * Arguments as in {@link #resiliencyExecuted}, the policy being {@code circuitbreaker}.
     */
    public void resiliencyBreakerState(String name, String flowDirection, String target, String state) {
        if (!enabled) {
            return;
        }
        // the four series change together: one breaker's changes are already in order, this keeps
        // two breakers of one target (an app's methods) from interleaving theirs
        synchronized (resiliencyBreakerState) {
            for (String s : BREAKER_STATES) {
                resiliencyBreakerState.set(s.equals(state) ? 1 : 0, appId, name, namespace, "circuitbreaker",
                        flowDirection, target, s);
            }
        }
    }

    /** An error answered with daprd's code, when {@code spec.metrics.recordErrorCodes} is on. */
    public void errorCode(String code, String category) {
        if (enabled && settings.recordErrorCodes()) {
            errorCodes.inc(appId, code, category);
        }
    }

    /**
     * A workflow management operation on the engine ({@code dapr_runtime_workflow_operation_*}).
     *
     * @param operation daprd's name: {@code create_workflow}, {@code add_event} (raise event,
     *        terminate, pause, resume) or {@code purge_workflow}
     * @param status {@code success} or {@code failed}
     * @param elapsedMs how long the engine took
     */
    public void workflowOperation(String operation, String status, double elapsedMs) {
        if (!enabled) {
            return;
        }
        workflowOperationCount.inc(appId, namespace, operation, status);
        if (elapsedMs > 0) {
            workflowOperationLatency.observe(elapsedMs, appId, namespace, operation, status);
        }
    }

    /**
     * A workflow execution counted as daprd counts it ({@code dapr_runtime_workflow_execution_*}).
     *
     * @param workflowName the workflow's name
     * @param status {@code success}, {@code failed} or {@code recoverable}
     * @param elapsedMs from its first run to its end; 0 (no latency recorded) when it did not end
     */
    public void workflowExecution(String workflowName, String status, double elapsedMs) {
        if (!enabled) {
            return;
        }
        workflowExecutionCount.inc(appId, namespace, status, workflowName);
        if (elapsedMs > 0) {
            workflowExecutionLatency.observe(elapsedMs, appId, namespace, status, workflowName);
        }
    }

    /** How late a workflow's first run started ({@code dapr_runtime_workflow_scheduling_latency}). */
    public void workflowScheduling(String workflowName, double elapsedMs) {
        if (enabled && elapsedMs > 0) {
            workflowSchedulingLatency.observe(elapsedMs, appId, namespace, workflowName);
        }
    }

    /**
     * An activity handed to the app's worker ({@code dapr_runtime_workflow_activity_operation_*}).
     *
     * @param status {@code success}, or {@code recoverable} when it could not be
     * @param elapsedMs how long it waited for the worker
     */
    public void activityOperation(String activityName, String status, double elapsedMs) {
        if (!enabled) {
            return;
        }
        activityOperationCount.inc(activityName, appId, namespace, status);
        if (elapsedMs > 0) {
            activityOperationLatency.observe(elapsedMs, activityName, appId, namespace, status);
        }
    }

    /**
     * An activity run ended ({@code dapr_runtime_workflow_activity_execution_*}).
     *
     * @param status {@code success}, {@code failed} or {@code recoverable}
     * @param elapsedMs from hand-out to its end
     */
    public void activityExecution(String activityName, String status, double elapsedMs) {
        if (!enabled) {
            return;
        }
        activityExecutionCount.inc(activityName, appId, namespace, status);
        if (elapsedMs > 0) {
            activityExecutionLatency.observe(elapsedMs, activityName, appId, namespace, status);
        }
    }

    /** The Prometheus text of every metric recorded so far. */
    public String scrape() {
        StringBuilder out = new StringBuilder(8192);
        for (MetricFamily f : families) {
            f.render(out);
        }
        return out.toString();
    }

    /** The number of series of all metrics: what the cardinality bound keeps bounded. */
    public int seriesCount() {
        int n = 0;
        for (MetricFamily f : families) {
            n += f.seriesCount();
        }
        return n;
    }

    private static final String[] STATUS_TEXT = new String[600];

    static {
        for (int i = 0; i < STATUS_TEXT.length; i++) {
            STATUS_TEXT[i] = Integer.toString(i);
        }
    }

    private static String statusText(int status) {
        return status >= 0 && status < STATUS_TEXT.length ? STATUS_TEXT[status] : Integer.toString(status);
    }

    /** Lower-case helper for labels built from enum names. */
    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
