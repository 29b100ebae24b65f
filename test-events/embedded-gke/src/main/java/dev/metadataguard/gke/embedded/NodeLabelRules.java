package dev.metadataguard.gke.embedded;

import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodeTaint;
import java.util.Collection;
import java.util.Map;

/**
 * The Kubernetes node labels and taints a request may not set, because GKE or Kubernetes manages them, each
 * refused with the message GKE sends:
 * <ul>
 * <li>{@code sandbox.gke.io/runtime}, which GKE writes on GKE Sandbox pools (label {@code gvisor} and a
 * {@code NoSchedule} taint, the GKE Sandbox guide): "Node label "sandbox.gke.io/runtime" is reserved for gke
 * sandbox." (terraform-google-modules/terraform-google-kubernetes-engine#252, crossplane-contrib/provider-gcp#187)
 * and "Node taints with key "sandbox.gke.io/runtime" are managed by GKE and must not be manually specified."
 * (crossplane-contrib/provider-gcp#491);</li>
 * <li>keys of the {@code kubernetes.io} and {@code k8s.io} namespaces: "The kubernetes.io/ and k8s.io/ prefixes
 * are reserved by Kubernetes Core components and cannot be specified" (the Terraform provider's node_config
 * labels), refused as "Applying kubernetes label is not allowed: node-role.kubernetes.io/..."
 * (hashicorp/terraform-provider-google#6003, quoted in bitpoke/stack#86);</li>
 * <li>{@code cloud.google.com/gke-*}, the labels GKE derives from a pool's settings (gke-nodepool,
 * gke-os-distribution, gke-spot, gke-preemptible, gke-accelerator, gke-tpu-*), refused with GKE's words for
 * another managed key: "Node labels with key "cloud.google.com/compute-class" are managed by GKE or Kubernetes
 * and must not be manually specified." (hashicorp/terraform-provider-google#19677). Stricter than GKE is known
 * to be, which may accept some of them: a replacement that passes here carries none.</li>
 * </ul>
 * Other {@code cloud.google.com/} keys stay allowed: the custom compute classes guide has manually created
 * pools carry {@code cloud.google.com/compute-class} as a node label and taint.
 */
final class NodeLabelRules {

    static final String SANDBOX = "sandbox.gke.io/runtime";
    private static final String GKE_PREFIX = "cloud.google.com/gke-";

    private NodeLabelRules() {
    }

    /** @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT, as GKE refuses the request */
    static void requireValid(NodeConfig config) {
        requireValid(config.getLabelsMap(), config.getTaintsList());
    }

    static void requireValid(Map<String, String> labels, Collection<NodeTaint> taints) {
        for (String key : labels.keySet()) {
            if (key.equals(SANDBOX)) {
                throw Rejections.invalid("Node label \"" + SANDBOX + "\" is reserved for gke sandbox.");
            }
            if (kubernetesNamespace(key)) {
                throw Rejections.invalid("Applying kubernetes label is not allowed: " + key + ".");
            }
            if (key.startsWith(GKE_PREFIX)) {
                throw Rejections.invalid("Node labels with key \"" + key + "\" are managed by GKE or Kubernetes and must"
                        + " not be manually specified.");
            }
        }
        for (NodeTaint taint : taints) {
            if (taint.getKey().equals(SANDBOX)) {
                throw Rejections.invalid("Node taints with key \"" + SANDBOX + "\" are managed by GKE and must not be"
                        + " manually specified.");
            }
        }
    }

    /** {@code kubernetes.io/x}, {@code node-role.kubernetes.io/x}, {@code k8s.io/x} and the like. */
    private static boolean kubernetesNamespace(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        return prefix.equals("kubernetes.io") || prefix.endsWith(".kubernetes.io") || prefix.equals("k8s.io")
                || prefix.endsWith(".k8s.io");
    }
}
