package dev.metadataguard.fix;

import dev.metadataguard.event.ResourceRef;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every gcloud and kubectl command the guard asks a person to run, with the real names filled in: ticket
 * fix steps, the checks' prerequisites and the replacer's refusals all build them here, so one command
 * reads the same wherever it appears.
 */
public final class Gcloud {

    private Gcloud() {
    }

    /** The Workload Identity pool of the cluster's own project, the one GKE_METADATA needs. */
    public static String workloadPool(ResourceRef cluster) {
        return cluster.project() + ".svc.id.goog";
    }

    /** Prints the cluster's workload pool: nothing when Workload Identity is off. */
    public static String describeWorkloadPool(ResourceRef cluster) {
        return "gcloud container clusters describe " + cluster.cluster() + where(cluster)
                + " --format=\"value(workloadIdentityConfig.workloadPool)\"";
    }

    public static String enableWorkloadIdentity(ResourceRef cluster) {
        return "gcloud container clusters update " + cluster.cluster() + where(cluster)
                + " --workload-pool=" + workloadPool(cluster);
    }

    /** Node auto-provisioning's defaults, set with {@code flags} ({@code --autoprovisioning-...}). */
    public static String updateAutoprovisioning(ResourceRef cluster, List<String> flags) {
        return "gcloud container clusters update " + cluster.cluster() + where(cluster) + " --enable-autoprovisioning"
                + flags(flags);
    }

    public static String createServiceAccount(String project, String name, String displayName) {
        return "gcloud iam service-accounts create " + name + " --project=" + project
                + " --display-name=\"" + displayName + "\"";
    }

    /** One command per role, each its own step to run. */
    public static List<String> grant(String project, String account, List<String> roles) {
        return bindings("add", project, account, roles);
    }

    public static List<String> revoke(String project, String account, List<String> roles) {
        return bindings("remove", project, account, roles);
    }

    public static String getIamPolicy(String project) {
        return "gcloud projects get-iam-policy " + project + " --format=json";
    }

    /** Prints the cluster's status and the conditions GKE gives for it. */
    public static String describeCluster(ResourceRef cluster) {
        return "gcloud container clusters describe " + cluster.cluster() + where(cluster)
                + " --format=\"yaml(status,conditions)\"";
    }

    public static String describePool(ResourceRef pool) {
        return "gcloud container node-pools describe " + pool.nodePool() + poolWhere(pool);
    }

    /** Creates {@code newPool} beside {@code pool} in its cluster, with {@code flags}. */
    public static String createPool(ResourceRef pool, String newPool, List<String> flags) {
        return "gcloud container node-pools create " + newPool + poolWhere(pool) + flags(flags);
    }

    public static String deletePool(ResourceRef pool) {
        return "gcloud container node-pools delete " + pool.nodePool() + poolWhere(pool);
    }

    public static String disableAutoscaling(ResourceRef pool) {
        return "gcloud container clusters update " + pool.cluster() + " --node-pool=" + pool.nodePool()
                + " --no-enable-autoscaling" + where(pool);
    }

    /** Cordon and drain the pool's nodes so its Pods move to the other pools, in this order. */
    public static List<String> moveWorkloads(ResourceRef pool) {
        String selector = " --selector=cloud.google.com/gke-nodepool=" + pool.nodePool();
        return List.of(
                "gcloud container clusters get-credentials " + pool.cluster() + where(pool),
                "kubectl cordon" + selector,
                "kubectl drain" + selector + " --ignore-daemonsets --delete-emptydir-data");
    }

    /** Commands to run one after the other, as one line. */
    public static String inSequence(List<String> commands) {
        return String.join("; ", commands);
    }

    private static List<String> bindings(String verb, String project, String account, List<String> roles) {
        return roles.stream()
                .map(role -> "gcloud projects " + verb + "-iam-policy-binding " + project
                        + " --member=serviceAccount:" + account + " --role=" + role)
                .toList();
    }

    private static String flags(List<String> flags) {
        return flags.stream().map(flag -> " " + flag).collect(Collectors.joining());
    }

    private static String poolWhere(ResourceRef pool) {
        return " --cluster=" + pool.cluster() + where(pool);
    }

    private static String where(ResourceRef ref) {
        return " --location=" + ref.location() + " --project=" + ref.project();
    }
}
