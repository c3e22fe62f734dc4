package io.quapr.sidecar.kubernetes.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.quapr.sidecar.kubernetes.DaprPods;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One line of {@code status}'s table: a pod that asks for the sidecar, whether it has it, whether
 * it is ready, how often it restarted, and the pod's age (as {@code kubectl get pods} writes it).
 *
 * @param pod the pod's name
 * @param appId {@code dapr.io/app-id}, else the pod's name (the injector's default)
 * @param sidecar {@code true} or {@code false} (ready or not), {@code not injected} when there is no
 *        {@code daprd} container
 * @param restarts the sidecar's restarts, {@code -} when not injected
 * @param age the pod's age
 */
record SidecarRow(String pod, String appId, String sidecar, String restarts, String age) {

    private static final String[] HEADERS = { "POD", "APP ID", "SIDECAR READY", "RESTARTS", "AGE" };

    static SidecarRow of(Pod pod, Instant now) {
        String name = pod.getMetadata().getName();
        String appId = Optional.ofNullable(pod.getMetadata().getAnnotations().get(DaprPods.APP_ID))
                .filter(s -> !s.isBlank()).orElse(name);
        // a native sidecar is an init container, a classic one a container
        boolean injected = Stream.concat(pod.getSpec().getInitContainers().stream(),
                pod.getSpec().getContainers().stream()).map(Container::getName)
                .anyMatch(DaprPods.SIDECAR_CONTAINER::equals);
        String age = age(pod.getMetadata().getCreationTimestamp(), now);
        if (!injected) {
            return new SidecarRow(name, appId, "not injected", "-", age);
        }
        Optional<ContainerStatus> status = pod.getStatus() == null
                ? Optional.empty()
                : Stream.concat(pod.getStatus().getInitContainerStatuses().stream(),
                        pod.getStatus().getContainerStatuses().stream())
                        .filter(s -> DaprPods.SIDECAR_CONTAINER.equals(s.getName())).findFirst();
        return new SidecarRow(name, appId,
                Boolean.toString(status.map(s -> Boolean.TRUE.equals(s.getReady())).orElse(false)),
                status.map(s -> s.getRestartCount() == null ? "0" : s.getRestartCount().toString()).orElse("0"), age);
    }

    /** The rows under their headers, columns as wide as their widest cell. */
    static String table(List<SidecarRow> rows) {
        List<String[]> cells = Stream.concat(Stream.<String[]>of(HEADERS),
                rows.stream().map(r -> new String[] { r.pod, r.appId, r.sidecar, r.restarts, r.age })).toList();
        int[] widths = new int[HEADERS.length];
        cells.forEach(c -> {
            for (int i = 0; i < c.length; i++) {
                widths[i] = Math.max(widths[i], c[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] c : cells) {
            for (int i = 0; i < c.length; i++) {
                out.append(i == c.length - 1 ? c[i] : String.format("%-" + (widths[i] + 2) + "s", c[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d}: the largest unit, as kubectl. */
    static String age(String created, Instant now) {
        if (created == null) {
            return "-";
        }
        Duration d = Duration.between(Instant.parse(created), now);
        if (d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + "m" : Math.max(0, d.toSeconds()) + "s";
    }
}
