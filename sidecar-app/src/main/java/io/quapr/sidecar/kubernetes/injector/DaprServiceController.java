package io.quapr.sidecar.kubernetes.injector;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Keeps an {@code <app-id>-dapr} Service ({@link DaprService}) for every Deployment and
 * StatefulSet of the cluster whose pod template is annotated {@code dapr.io/enabled}, as daprd's
 * operator does, and deletes the one it made when the annotation goes away (daprd's operator
 * leaves it until the workload is deleted). Runs in the injector process: one informer per kind,
 * all namespaces. A Service that another workload controls is left alone; one without a controller
 * (written by hand) is taken over. Several injector replicas may act on the same event: a create or
 * update that loses the race is answered 409 and the next event or resync settles it.
 */
public final class DaprServiceController {

    private static final Logger LOG = Logger.getLogger(DaprServiceController.class);

    private final KubernetesClient client;
    private final boolean mtls;
    private final Duration resync;
    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

    /**
     * @param client the API server's client, with list and watch on deployments and statefulsets
     *        and get, list, create, update and delete on services
     * @param mtls whether sidecars use mTLS (the internal port's {@code appProtocol})
     * @param resync how often every workload is looked at again, so that a Service deleted or
     *        changed by hand is put back
     */
    public DaprServiceController(KubernetesClient client, boolean mtls, Duration resync) {
        this.client = client;
        this.mtls = mtls;
        this.resync = resync;
    }

    /** Starts watching; completes once both kinds are listed, or fails when either cannot be. */
    public CompletionStage<Void> start() {
        informers.add(client.apps().deployments().inAnyNamespace().runnableInformer(resync.toMillis()));
        informers.add(client.apps().statefulSets().inAnyNamespace().runnableInformer(resync.toMillis()));
        informers.forEach(this::handle);
        return CompletableFuture.allOf(informers.stream().map(i -> i.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    /** Stops watching; the Services stay. */
    public void stop() {
        informers.forEach(SharedIndexInformer::close);
    }

    private <T extends HasMetadata> void handle(SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T workload) {
                reconcile(workload, true);
            }

            @Override
            public void onUpdate(T old, T workload) {
                // a resync hands the same version again: only make sure the Service is there
                boolean changed = !Objects.equals(old.getMetadata().getResourceVersion(),
                        workload.getMetadata().getResourceVersion());
                reconcile(workload, changed);
            }

            @Override
            public void onDelete(T workload, boolean finalStateUnknown) {
                // the garbage collector deletes the Services it owns
            }
        });
    }

    /**
     * Makes the workload's Service what it should be.
     *
     * @param sweep also delete Services this workload controls under another name (its app id
     *        changed, or its annotation went away, possibly while no injector ran)
     */
    void reconcile(HasMetadata workload, boolean sweep) {
        String where = workload.getKind() + " " + workload.getMetadata().getNamespace() + "/"
                + workload.getMetadata().getName();
        try {
            Optional<Service> desired;
            try {
                desired = DaprService.of(workload, mtls);
            } catch (InjectionRejectedException e) {
                LOG.warnf("%s: no %s Service: %s", where, DaprService.SUFFIX, e.getMessage());
                desired = Optional.empty();
            }
            desired.ifPresent(s -> apply(s, workload, where));
            if (sweep) {
                sweep(workload, desired.map(s -> s.getMetadata().getName()).orElse(null), where);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                LOG.debugf("%s: its Service changed meanwhile (another replica?): %s", where, e.getMessage());
            } else {
                LOG.errorf("%s: cannot keep its %s Service: %s", where, DaprService.SUFFIX, e.getMessage());
            }
        }
    }

    private void apply(Service desired, HasMetadata workload, String where) {
        String ns = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        Service existing = client.services().inNamespace(ns).withName(name).get();
        if (existing == null) {
            client.services().inNamespace(ns).resource(desired).create();
            LOG.infof("%s: created Service %s/%s", where, ns, name);
            return;
        }
        if (DaprService.controller(existing).isPresent() && !DaprService.controlledBy(existing, workload)) {
            LOG.warnf("%s: Service %s/%s belongs to %s %s: two workloads with one app id? left as it is", where, ns,
                    name, DaprService.controller(existing).get().getKind(),
                    DaprService.controller(existing).get().getName());
            return;
        }
        if (same(existing, desired)) {
            return;
        }
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        client.services().inNamespace(ns).resource(desired).update();
        LOG.infof("%s: updated Service %s/%s", where, ns, name);
    }

    /** Deletes the Services labelled as ours that this workload controls, but the one it should have. */
    private void sweep(HasMetadata workload, String keep, String where) {
        String ns = workload.getMetadata().getNamespace();
        for (Service s : client.services().inNamespace(ns).withLabel(DaprService.LABEL, "true").list().getItems()) {
            if (DaprService.controlledBy(s, workload) && !s.getMetadata().getName().equals(keep)) {
                client.services().inNamespace(ns).resource(s).delete();
                LOG.infof("%s: deleted Service %s/%s (no longer asked for)", where, ns, s.getMetadata().getName());
            }
        }
    }

    /** What this controller sets, compared: the API server fills in the rest (IPs, policies). */
    private static boolean same(Service existing, Service desired) {
        return Objects.equals(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
                && Objects.equals(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
                && DaprService.controller(existing).equals(DaprService.controller(desired))
                && Objects.equals(existing.getSpec().getSelector(), desired.getSpec().getSelector())
                && Objects.equals(existing.getSpec().getClusterIP(), desired.getSpec().getClusterIP())
                && Objects.equals(existing.getSpec().getPorts(), desired.getSpec().getPorts());
    }
}
