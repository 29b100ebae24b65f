package dev.metadataguard.remedy;

import dev.metadataguard.event.ResourceRef;
import java.util.List;
import java.util.stream.Collectors;

/** The gcloud and kubectl commands an outcome asks a person to run, with the real names filled in. */
final class Commands {

    private Commands() {
    }

    static String enableWorkloadIdentity(ResourceRef cluster) {
        return "gcloud container clusters update " + cluster.cluster() + where(cluster)
                + " --workload-pool=" + workloadPool(cluster);
    }

    /** The Workload Identity pool of the cluster's own project, the one GKE_METADATA needs. */
    static String workloadPool(ResourceRef cluster) {
        return cluster.project() + ".svc.id.goog";
    }

    static String grant(String project, String account, List<String> roles) {
        return bindings("add", project, account, roles);
    }

    static String revoke(String project, String account, List<String> roles) {
        return bindings("remove", project, account, roles);
    }

    /** Cordon and drain the pool's nodes so its Pods move to the other pools, then delete it. */
    static String moveWorkloadsAndDelete(ResourceRef pool) {
        String selector = " --selector=cloud.google.com/gke-nodepool=" + pool.nodePool();
        return String.join("; ",
                "gcloud container clusters get-credentials " + pool.cluster() + where(pool),
                "kubectl cordon" + selector,
                "kubectl drain" + selector + " --ignore-daemonsets --delete-emptydir-data",
                deletePool(pool));
    }

    static String describeCluster(ResourceRef ref) {
        return "gcloud container clusters describe " + ref.cluster() + where(ref) + " --format=yaml(status,conditions)";
    }

    static String deletePool(ResourceRef pool) {
        return "gcloud container node-pools delete " + pool.nodePool() + " --cluster=" + pool.cluster() + where(pool);
    }

    static String disableAutoscaling(ResourceRef pool) {
        return "gcloud container clusters update " + pool.cluster() + " --node-pool=" + pool.nodePool()
                + " --no-enable-autoscaling" + where(pool);
    }

    private static String bindings(String verb, String project, String account, List<String> roles) {
        return roles.stream()
                .map(role -> "gcloud projects " + verb + "-iam-policy-binding " + project
                        + " --member=serviceAccount:" + account + " --role=" + role)
                .collect(Collectors.joining("; "));
    }

    private static String where(ResourceRef ref) {
        return " --location=" + ref.location() + " --project=" + ref.project();
    }
}
