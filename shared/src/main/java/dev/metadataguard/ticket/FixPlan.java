package dev.metadataguard.ticket;

import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.inspect.Labels;
import dev.metadataguard.remedy.ReplacementName;
import dev.metadataguard.ticket.Ticket.FixStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands that bring a resource in line, following the GKE guide "Protecting cluster metadata":
 * a least-privilege node service account with the three roles nodes need, the GKE metadata server
 * (which needs Workload Identity), legacy endpoints disabled, and, since a node pool's service account
 * and metadata cannot change in place, a new pool that takes the old one's workloads.
 */
final class FixPlan {

    /** The account to create when the policy names none for the project. */
    static final String DEFAULT_ACCOUNT_NAME = "metadata-guard-nodes";
    static final List<String> NODE_ROLES =
            List.of("roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/logging.logWriter");

    private FixPlan() {
    }

    /**
     * @param configuredAccount the node service account the policy sets for the project, if any
     * @param replacement       the replacement pool the guard made or planned, if any
     */
    static List<FixStep> steps(ResourceRef ref, Optional<String> configuredAccount, Optional<String> replacement) {
        String project = ref.project();
        String where = " --location=" + ref.location() + " --project=" + project;
        String account = configuredAccount.orElse(DEFAULT_ACCOUNT_NAME + "@" + project + ".iam.gserviceaccount.com");
        List<FixStep> steps = new ArrayList<>();
        if (configuredAccount.isEmpty()) {
            steps.add(createAccount(project, account));
        }
        steps.add(new FixStep("The GKE metadata server needs Workload Identity on the cluster. If the first"
                + " command prints nothing, enable it with the second.", List.of(
                "gcloud container clusters describe " + ref.cluster() + where
                        + " --format=\"value(workloadIdentityConfig.workloadPool)\"",
                "gcloud container clusters update " + ref.cluster() + where
                        + " --workload-pool=" + project + ".svc.id.goog")));
        if (!ref.isNodePool()) {
            steps.add(new FixStep("Make node auto-provisioning create protected nodes with this account.", List.of(
                    "gcloud container clusters update " + ref.cluster() + where
                            + " --enable-autoprovisioning --autoprovisioning-service-account=" + account
                            + " --autoprovisioning-scopes=https://www.googleapis.com/auth/cloud-platform")));
            return steps;
        }
        String pool = ref.nodePool();
        String poolWhere = " --cluster=" + ref.cluster() + where;
        String newPool = replacement.flatMap(name -> ResourceRef.parse(name).map(ResourceRef::nodePool))
                .orElse(ReplacementName.of(pool));
        steps.add(new FixStep("Create a protected node pool. Its service account and metadata settings cannot"
                + " be changed later; give it the old pool's shape (machine type, disk, node count, labels,"
                + " taints) as the first command shows.", List.of(
                "gcloud container node-pools describe " + pool + poolWhere,
                "gcloud container node-pools create " + newPool + poolWhere
                        + " --workload-metadata=GKE_METADATA --service-account=" + account
                        + " --metadata=disable-legacy-endpoints=true --scopes=cloud-platform"
                        // The guard's own name and label: an enforce run then finds this pool instead of a squatter.
                        + " --node-labels=" + Labels.REPLACES + "=" + pool)));
        String selector = " --selector=cloud.google.com/gke-nodepool=" + pool;
        steps.add(new FixStep("Move the workloads off the old pool's nodes.", List.of(
                "gcloud container clusters get-credentials " + ref.cluster() + where,
                "kubectl cordon" + selector,
                "kubectl drain" + selector + " --ignore-daemonsets --delete-emptydir-data")));
        steps.add(new FixStep("Delete the old pool once its workloads run on the new one.", List.of(
                "gcloud container node-pools delete " + pool + poolWhere)));
        return steps;
    }

    private static FixStep createAccount(String project, String account) {
        List<String> commands = new ArrayList<>();
        commands.add("gcloud iam service-accounts create " + DEFAULT_ACCOUNT_NAME + " --project=" + project
                + " --display-name=\"GKE nodes (least privilege)\"");
        for (String role : NODE_ROLES) {
            commands.add("gcloud projects add-iam-policy-binding " + project
                    + " --member=serviceAccount:" + account + " --role=" + role);
        }
        return new FixStep("Create a least-privilege service account for the nodes with only the roles they"
                + " need. Add roles/artifactregistry.reader only if the nodes pull private images from"
                + " Artifact Registry.", commands);
    }
}
