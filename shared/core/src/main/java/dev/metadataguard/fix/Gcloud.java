package dev.metadataguard.fix;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.text.Inert;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every gcloud and kubectl command the guard asks a person to run, with the real names filled in: ticket
 * fix steps, the checks' prerequisites and the replacer's refusals all build them here, so one command
 * reads the same wherever it appears. Every value is quoted for POSIX shells ({@link #quote}), so a person
 * pasting the command runs exactly the arguments shown; names come from a {@link ResourceRef}, which holds
 * only names within GKE's rules, and a new pool's name is checked the same way.
 */
public final class Gcloud {

    /** Characters no POSIX shell treats specially: a word of only these needs no quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Gcloud() {
    }

    /** The Workload Identity pool of the cluster's own project, the one GKE_METADATA needs. */
    public static String workloadPool(ResourceRef cluster) {
        return cluster.project() + ".svc.id.goog";
    }

    /** Prints the cluster's workload pool: nothing when Workload Identity is off. */
    public static String describeWorkloadPool(ResourceRef cluster) {
        return "gcloud container clusters describe " + quote(cluster.cluster()) + where(cluster)
                + flag("--format", "value(workloadIdentityConfig.workloadPool)");
    }

    public static String enableWorkloadIdentity(ResourceRef cluster) {
        return "gcloud container clusters update " + cluster.cluster() + where(cluster)
                + flag("--workload-pool", workloadPool(cluster));
    }

    /** Node auto-provisioning's defaults, set with {@code flags} ({@code --autoprovisioning-...}). */
    public static String updateAutoprovisioning(ResourceRef cluster, List<String> flags) {
        return "gcloud container clusters update " + cluster.cluster() + where(cluster) + " --enable-autoprovisioning"
                + flags(flags);
    }

    public static String createServiceAccount(String project, String name, String displayName) {
        return "gcloud iam service-accounts create " + quote(name) + flag("--project", project)
                + flag("--display-name", displayName);
    }

    /** One command per role, each its own step to run. */
    public static List<String> grant(String project, String account, List<String> roles) {
        return bindings("add", project, account, roles);
    }

    public static List<String> revoke(String project, String account, List<String> roles) {
        return bindings("remove", project, account, roles);
    }

    public static String getIamPolicy(String project) {
        return "gcloud projects get-iam-policy " + quote(project) + " --format=json";
    }

    /** Prints the cluster's status and the conditions GKE gives for it. */
    public static String describeCluster(ResourceRef cluster) {
        return "gcloud container clusters describe " + quote(cluster.cluster()) + where(cluster)
                + " --format=\"yaml(status,conditions)\"";
    }

    public static String describePool(ResourceRef pool) {
        return "gcloud container node-pools describe " + quote(pool.nodePool()) + poolWhere(pool);
    }

    /**
     * Creates {@code newPool} beside {@code pool} in its cluster, with {@code flags}.
     *
     * @throws IllegalArgumentException when {@code newPool} cannot be a GKE node-pool name
     */
    public static String createPool(ResourceRef pool, String newPool, List<String> flags) {
        if (!ResourceRef.isGkeName(newPool)) {
            throw new IllegalArgumentException("'" + Inert.value(newPool) + "' cannot name a GKE node pool");
        }
        return "gcloud container node-pools create " + newPool + poolWhere(pool) + flags(flags);
    }

    public static String deletePool(ResourceRef pool) {
        return "gcloud container node-pools delete " + quote(pool.nodePool()) + poolWhere(pool);
    }

    /** Sets the pool's size: {@code --num-nodes} counts nodes per zone of the pool. */
    public static String resize(ResourceRef pool, int nodesPerZone) {
        return "gcloud container clusters resize " + quote(pool.cluster()) + flag("--node-pool", pool.nodePool())
                + " --num-nodes=" + nodesPerZone + where(pool);
    }

    public static String disableAutoscaling(ResourceRef pool) {
        return "gcloud container clusters update " + quote(pool.cluster()) + flag("--node-pool", pool.nodePool())
                + " --no-enable-autoscaling" + where(pool);
    }

    /** Cordon and drain the pool's nodes so its Pods move to the other pools, in this order. */
    public static List<String> moveWorkloads(ResourceRef pool) {
        return List.of(getCredentials(pool), cordon(pool), drain(pool));
    }

    /** Points kubectl at the pool's cluster. */
    public static String getCredentials(ResourceRef pool) {
        return "gcloud container clusters get-credentials " + quote(pool.cluster()) + where(pool);
    }

    /** Marks the pool's nodes unschedulable: no new Pod lands there. */
    public static String cordon(ResourceRef pool) {
        return "kubectl cordon" + nodesOf(pool);
    }

    /** Evicts the Pods of the pool's nodes, honouring PodDisruptionBudgets; DaemonSet Pods stay. */
    public static String drain(ResourceRef pool) {
        return "kubectl drain" + nodesOf(pool) + " --ignore-daemonsets --delete-emptydir-data";
    }

    /** GKE labels every node with its pool's name. */
    private static String nodesOf(ResourceRef pool) {
        return flag("--selector", "cloud.google.com/gke-nodepool=" + pool.nodePool());
    }

    /** Commands to run one after the other, as one line. */
    public static String inSequence(List<String> commands) {
        return String.join("; ", commands);
    }

    private static List<String> bindings(String verb, String project, String account, List<String> roles) {
        return roles.stream()
                .map(role -> "gcloud projects " + verb + "-iam-policy-binding " + quote(project)
                        + flag("--member", "serviceAccount:" + account) + flag("--role", role))
                .toList();
    }

    /** Flags written {@code --name=value} or {@code --name}, each value quoted. */
    private static String flags(List<String> flags) {
        return flags.stream().map(flag -> {
            int eq = flag.indexOf('=');
            return eq < 0 ? " " + quote(flag) : flag(flag.substring(0, eq), flag.substring(eq + 1));
        }).collect(Collectors.joining());
    }

    private static String flag(String name, String value) {
        return " " + name + "=" + quote(value);
    }

    /**
     * {@code word} as one POSIX shell word: as it is when every character is plain, else in single quotes,
     * inside which nothing is special (a single quote itself is closed, escaped and reopened).
     */
    public static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static String poolWhere(ResourceRef pool) {
        return flag("--cluster", pool.cluster()) + where(pool);
    }

    private static String where(ResourceRef ref) {
        return flag("--location", ref.location()) + flag("--project", ref.project());
    }
}
