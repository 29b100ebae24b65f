package dev.metadataguard.ticket;

import java.util.Map;

/** Why each check matters, in the words a ticket reader needs; one entry per check id. */
final class WhyItMatters {

    private static final Map<String, String> BY_CHECK = Map.of(
            "MG001", "Pods can query the node's metadata server. It serves kube-env, which holds the kubelet's"
                    + " credentials (a Pod that reads them can act as the node and read the Secrets of every Pod"
                    + " scheduled there), and the VM's instance identity token, with which a Pod can pass itself"
                    + " off as the node to other services.",
            "MG002", "The nodes run as the Compute Engine default service account, which holds the project-wide"
                    + " Editor role by default: any Pod that reads the node's token from the metadata server can"
                    + " change almost everything in the project.",
            "MG003", "The node service account holds roles beyond what nodes need (writing logs and metrics,"
                    + " reading images): one compromised Pod inherits all of them through the node's token.",
            "MG004", "The legacy metadata endpoints (v0.1, v1beta1) answer without the Metadata-Flavor header,"
                    + " so a simple request forgery in a workload can read instance metadata. Google shut them"
                    + " down on 30 September 2020; nodes must still declare disable-legacy-endpoints=true.",
            "MG005", "The default service account with the cloud-platform scope gives the node's token the full"
                    + " reach of the Editor role over every Google Cloud API in the project.");

    private WhyItMatters() {
    }

    static String of(String checkId) {
        return BY_CHECK.getOrDefault(checkId, "See the finding's note: this check has no explanation here yet.");
    }
}
