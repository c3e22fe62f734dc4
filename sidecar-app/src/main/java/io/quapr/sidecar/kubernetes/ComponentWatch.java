package io.quapr.sidecar.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quapr.sidecar.SidecarConfig;
import io.quapr.sidecar.StartupException;
import io.quapr.sidecar.components.ComponentReloader;
import io.quapr.sidecar.components.ComponentResource;
import io.quapr.sidecar.components.ResourceLoader;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Kubernetes mode's hot reload: one watch on the Components of the sidecar's namespace (an
 * informer: list, then watch, listing again when the watch cannot resume), each change validated
 * as at start-up and handed to {@link ComponentReloader}. Only Components are watched:
 * Subscriptions, Resiliency, HTTPEndpoints and the Configuration are read at start-up.
 *
 * <p>
 * It starts once start-up has loaded every component; its first list reports every Component
 * again, and the reloader ignores those that equal the running ones, so a change made between
 * start-up's list and the watch is not missed.
 */
@ApplicationScoped
public class ComponentWatch {

    private static final Logger LOG = Logger.getLogger(ComponentWatch.class);

    @Inject
    KubernetesResources resources;

    @Inject
    ComponentReloader reloader;

    @Inject
    SidecarConfig config;

    private volatile SharedIndexInformer<GenericKubernetesResource> informer;

    /** After the components (2000), the workflow engine and the subscriptions (3000) have started. */
    void onStart(@Observes @Priority(3500) StartupEvent event) {
        if (config.mode() != SidecarConfig.Mode.KUBERNETES || !config.hotReload().enabled()) {
            return;
        }
        String ns = resources.namespace();
        try {
            informer = watch(ns);
        } catch (KubernetesClientException e) {
            throw new StartupException(List.of(resources.apiProblem("watch", DaprResourceKind.COMPONENT, ns,
                    e)));
        }
        LOG.infof("watching components.%s in namespace %s (hot reload)", DaprResourceKind.GROUP, ns);
    }

    private SharedIndexInformer<GenericKubernetesResource> watch(String ns) {
        return resources.client().genericKubernetesResources(DaprResourceKind.COMPONENT.context()).inNamespace(ns)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource r) {
                        changed(r);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        changed(after);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource r, boolean finalStateUnknown) {
                        reloader.reconcile(r.getMetadata().getName(), null);
                    }
                }, 0);
    }

    private void changed(GenericKubernetesResource r) {
        String name = r.getMetadata().getName();
        ResourceLoader.Document doc = resources.document(DaprResourceKind.COMPONENT, r);
        List<ComponentResource> parsed;
        try {
            parsed = ResourceLoader.load(List.of(doc), resources.defaultSecretStore()).components();
        } catch (StartupException e) {
            // the running component (if any) stays: nothing valid to replace it with
            LOG.errorf("component change not applied: %s", String.join("; ", e.problems()));
            return;
        }
        reloader.reconcile(name, parsed.isEmpty() ? null : parsed.get(0));
    }

    /** Before the components close: no change is applied while the sidecar stops. */
    void onStop(@Observes @Priority(500) ShutdownEvent event) {
        SharedIndexInformer<GenericKubernetesResource> i = informer;
        if (i != null) {
            i.close();
        }
    }
}
