package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The webhook configurations of an install and the Services and Deployments that serve them: those
 * are applied and waited for before the configurations, since an API server calls a webhook for
 * every matching write and refuses the write while the webhook has no ready endpoints.
 *
 * @param configurations the Validating/MutatingWebhookConfigurations
 * @param backends the Services the webhooks call and the Deployments behind those Services
 */
record WebhookBackends(List<HasMetadata> configurations, List<HasMetadata> backends) {

  /** Finds them in {@code objects}. */
  static WebhookBackends of(List<HasMetadata> objects) {
    List<HasMetadata> configurations = new ArrayList<>();
    Set<ObjectRef> services = new LinkedHashSet<>();
    for (HasMetadata o : objects) {
      List<ServiceReference> refs = new ArrayList<>();
      if (o instanceof ValidatingWebhookConfiguration v && v.getWebhooks() != null) {
        v.getWebhooks().forEach(w -> refs.add(w.getClientConfig().getService()));
      } else if (o instanceof MutatingWebhookConfiguration m && m.getWebhooks() != null) {
        m.getWebhooks().forEach(w -> refs.add(w.getClientConfig().getService()));
      } else {
        continue;
      }
      configurations.add(o);
      refs.stream()
          .filter(r -> r != null)
          .forEach(
              r -> services.add(new ObjectRef("v1", "Service", r.getNamespace(), r.getName())));
    }
    List<HasMetadata> backends = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof Service s && services.contains(ObjectRef.of(s))) {
        backends.add(s);
        for (HasMetadata d : objects) {
          if (d instanceof Deployment deployment && serves(deployment, s)) {
            backends.add(deployment);
          }
        }
      }
    }
    return new WebhookBackends(configurations, backends);
  }

  /** Whether {@code s} selects the pods of {@code d}. */
  private static boolean serves(Deployment d, Service s) {
    Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
    Map<String, String> labels =
        d.getSpec() == null || d.getSpec().getTemplate().getMetadata() == null
            ? null
            : d.getSpec().getTemplate().getMetadata().getLabels();
    return selector != null
        && !selector.isEmpty()
        && labels != null
        && d.getMetadata().getNamespace().equals(s.getMetadata().getNamespace())
        && labels.entrySet().containsAll(selector.entrySet());
  }
}
