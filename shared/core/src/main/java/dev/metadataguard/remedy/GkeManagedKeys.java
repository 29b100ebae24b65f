package dev.metadataguard.remedy;

import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodeTaint;
import java.util.List;

/**
 * The Kubernetes node labels and taints GKE (or Kubernetes) writes itself and refuses in a request. A
 * replacement leaves them out of its copy of the original: GKE writes them again from the settings the
 * replacement does copy ({@code sandbox_config}, {@code spot}, {@code preemptible}, the accelerators, ...).
 * <ul>
 * <li>label and taint {@code sandbox.gke.io/runtime}: GKE Sandbox nodes carry both (the GKE Sandbox guide), GKE
 * writes them into a sandbox pool's {@code config} and refuses them on create ("Node label "sandbox.gke.io/runtime"
 * is reserved for gke sandbox"; "Node taints with key "sandbox.gke.io/runtime" are managed by GKE and must not be
 * manually specified");</li>
 * <li>labels {@code cloud.google.com/gke-*}: the node labels GKE derives from a pool's settings, among them
 * gke-nodepool, gke-os-distribution, gke-spot and gke-preemptible (Spot VMs and preemptible VMs guides),
 * gke-accelerator (GPU guide), gke-tpu-accelerator and gke-tpu-topology (TPU guide);</li>
 * <li>labels of the {@code kubernetes.io} and {@code k8s.io} namespaces, "reserved by Kubernetes Core components"
 * (GKE: "Applying kubernetes label is not allowed").</li>
 * </ul>
 * Taints other than the sandbox's are copied, {@code nvidia.com/gpu} and {@code google.com/tpu} included: GKE
 * adds those only in some clusters (the GPU guide: when the cluster also runs non-GPU pools), a person may have
 * set them on purpose, and GKE takes them in a request; {@code cloud.google.com/compute-class} too, which the custom
 * compute classes guide has people set on a pool as label and taint.
 */
final class GkeManagedKeys {

    static final String SANDBOX = "sandbox.gke.io/runtime";
    private static final String GKE_LABELS = "cloud.google.com/gke-";

    private GkeManagedKeys() {
    }

    static boolean label(String key) {
        return key.equals(SANDBOX) || key.startsWith(GKE_LABELS) || kubernetesNamespace(key);
    }

    static boolean taint(NodeTaint taint) {
        return taint.getKey().equals(SANDBOX);
    }

    /** Removes every GKE-managed label and taint from {@code config}. */
    static void leaveOut(NodeConfig.Builder config) {
        List.copyOf(config.getLabelsMap().keySet()).stream().filter(GkeManagedKeys::label).forEach(config::removeLabels);
        List<NodeTaint> kept = config.getTaintsList().stream().filter(t -> !taint(t)).toList();
        config.clearTaints().addAllTaints(kept);
    }

    private static boolean kubernetesNamespace(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        return prefix.equals("kubernetes.io") || prefix.endsWith(".kubernetes.io") || prefix.equals("k8s.io")
                || prefix.endsWith(".k8s.io");
    }
}
