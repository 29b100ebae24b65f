package dev.metadataguard.runtime;

import dev.metadataguard.gke.GkeCall;
import dev.metadataguard.gke.InstanceGroups;
import dev.metadataguard.iam.PolicyAnalyzerRoles;
import dev.metadataguard.iam.ProjectRoles;
import dev.metadataguard.iam.ResourceManagerRoles;
import dev.metadataguard.ticket.sink.TicketSinks;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The API calls each function makes, and so the only IAM permissions its custom role may hold.
 * {@code terraform/permissions.json} builds the roles; a test keeps the two equal.
 */
public final class FunctionPermissions {

    private static final Map<String, Set<GkeCall>> GKE_CALLS = Map.of(
            "audit-inspector", EnumSet.of(GkeCall.GET_CLUSTER, GkeCall.GET_NODE_POOL, GkeCall.GET_NODE_METADATA),
            "node-pool-replacer", EnumSet.of(GkeCall.GET_CLUSTER, GkeCall.GET_NODE_POOL, GkeCall.GET_SERVER_CONFIG,
                    GkeCall.CREATE_NODE_POOL, GkeCall.GET_OPERATION, GkeCall.SET_NODE_POOL_WORKLOAD_METADATA,
                    GkeCall.SET_NODE_POOL_SIZE, GkeCall.DELETE_NODE_POOL, GkeCall.ENABLE_WORKLOAD_IDENTITY,
                    GkeCall.SET_CLUSTER_AUTOSCALING),
            // Before a message may close or mark a ticket, it reads the resource (v1 and v1beta1) and judges it.
            "ticket-opener", EnumSet.of(GkeCall.GET_CLUSTER, GkeCall.GET_NODE_POOL, GkeCall.GET_NODE_METADATA),
            "estate-sweeper", EnumSet.of(GkeCall.LIST_CLUSTERS));

    /**
     * The replacer reads the original pool's managed instance groups ({@link InstanceGroups}) to size its
     * replacement, in dry-run plans too, and the ticket opener to tell a replacement ready: a read, held at the
     * watched scope like their GKE reads.
     */
    private static final Set<String> READS_INSTANCE_GROUPS = Set.of("node-pool-replacer", "ticket-opener");

    /** What {@code SearchAllResources} needs on the scope it searches. */
    private static final String SWEEPER_SEARCH = "cloudasset.assets.searchAllResources";

    /**
     * Functions that read a node service account's project roles (MG003, the replacer's precondition, the
     * opener's own judgement before it closes a ticket): with Resource Manager, and with the IAM Policy Analyzer
     * where {@code MG_IAM_ANALYSIS_SCOPE} is set (Terraform leaves its permissions out of the roles otherwise).
     */
    private static final Set<String> READS_IAM = Set.of("audit-inspector", "node-pool-replacer", "ticket-opener");

    private FunctionPermissions() {
    }

    /** Not a scope-wide role: what the ticket opener holds on the guard's Security Command Center source alone. */
    public static final String TICKET_OPENER_ON_SCC_SOURCE = "ticket-opener@scc-source";

    /** The functions, and the grants on a single resource, each with its custom role. */
    public static Set<String> functions() {
        Set<String> names = new TreeSet<>(GKE_CALLS.keySet());
        names.add(TICKET_OPENER_ON_SCC_SOURCE);
        return names;
    }

    public static SortedSet<String> of(String function) {
        if (function.equals(TICKET_OPENER_ON_SCC_SOURCE)) {
            return new TreeSet<>(TicketSinks.sccSourcePermissions());
        }
        SortedSet<String> permissions = new TreeSet<>();
        GKE_CALLS.get(function).forEach(call -> permissions.add(call.permission()));
        if (READS_IAM.contains(function)) {
            permissions.add(ProjectRoles.PERMISSION);
            permissions.addAll(ProjectRoles.ANCESTRY_PERMISSIONS);
            permissions.addAll(PolicyAnalyzerRoles.PERMISSIONS);
        }
        if (READS_INSTANCE_GROUPS.contains(function)) {
            permissions.add(InstanceGroups.PERMISSION);
        }
        if (function.equals("estate-sweeper")) {
            permissions.add(SWEEPER_SEARCH);
        }
        return permissions;
    }
}
