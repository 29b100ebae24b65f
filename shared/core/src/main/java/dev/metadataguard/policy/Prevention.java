package dev.metadataguard.policy;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * How GKE could have refused, before it existed, what a check finds afterwards: Organization Policy custom
 * constraints, one per place in a request that carries node settings, each denying the request when its
 * CEL condition holds. What the conditions can rely on, and the sources, are in terraform/README.md
 * ("Prevention"); in short:
 * <ul>
 *   <li>a condition is written against the v1 REST resource ("Restrict actions on GKE resources using custom
 *   organization policies"), so enums are their names; whether that is the request as sent or the resource
 *   after GKE's defaults is not documented, and the conditions take the stricter reading: a setting the
 *   request leaves out counts as not set, even where GKE would fill it in;</li>
 *   <li>an absent field or map key is an evaluation error in CEL, not a false, so every field is reached
 *   through {@code has()} first and every map key through {@code in};</li>
 *   <li>a condition has at most 1000 characters, and a resource type at most 20 custom constraints.</li>
 * </ul>
 *
 * @param checkId     the check that declares it
 * @param constraints one per place the check's settings can be refused in
 */
public record Prevention(String checkId, List<Constraint> constraints) {

    /** The longest condition Organization Policy takes ("Create and manage custom constraints"). */
    public static final int MAX_CONDITION = 1000;
    /** The Terraform module that deploys the constraints, and its variable that turns dry run into refusal. */
    public static final String MODULE = "terraform/prevent";
    public static final String ENFORCE_VARIABLE = "enforce";

    public Prevention {
        constraints = List.copyOf(constraints);
    }

    /**
     * The check's constraints at {@code places}, each denying when {@code refuses} holds of the node
     * settings there (a CEL expression over {@link Node#field} and {@link Node#present}).
     */
    public static Prevention of(Check check, Set<Place> places, Function<Node, String> refuses) {
        return new Prevention(check.id(), EnumSet.copyOf(places).stream()
                .map(place -> Constraint.of(check, place, refuses.apply(new Node(place.settings))))
                .toList());
    }

    /** The REST methods a constraint is enforced on. */
    public enum Method { CREATE, UPDATE }

    /**
     * Where node settings sit in what GKE checks a constraint against.
     *
     * @param settings where the node settings are in the resource
     * @param applies  when the resource has node settings there at all, as CEL; empty for always
     */
    public enum Place {
        /**
         * A node pool: CreateNodePool's {@code nodePool}, and on UPDATE the pool after the change. An UPDATE of
         * a pool that already violates is refused unless the change resolves it (the same page).
         */
        NODE_POOL("NodePool", "container.googleapis.com/NodePool", EnumSet.of(Method.CREATE, Method.UPDATE),
                "resource.config", ""),
        /**
         * The {@code nodeConfig} from which CreateCluster builds its default pool. CREATE only: on a cluster
         * GKE reports, {@code nodeConfig} is its first pool's, so an UPDATE rule would refuse every change to a
         * cluster whose first pool violates (master upgrades too), and that pool is {@link #NODE_POOL}'s.
         */
        DEFAULT_POOL("ClusterNodeConfig", "container.googleapis.com/Cluster", EnumSet.of(Method.CREATE),
                "resource.nodeConfig", "(has(resource.nodeConfig) || has(resource.initialNodeCount))"
                + " && !(has(resource.autopilot) && has(resource.autopilot.enabled) && resource.autopilot.enabled)"),
        /** Node auto-provisioning's defaults, which every pool it creates takes; only its account and scopes. */
        AUTOPROVISIONING("Autoprovisioning", "container.googleapis.com/Cluster", EnumSet.of(Method.CREATE, Method.UPDATE),
                "resource.autoscaling.autoprovisioningNodePoolDefaults", "has(resource.autoscaling)"
                + " && has(resource.autoscaling.enableNodeAutoprovisioning) && resource.autoscaling.enableNodeAutoprovisioning");

        private final String suffix;
        private final String resourceType;
        private final Set<Method> methods;
        private final String settings;
        private final String applies;

        Place(String suffix, String resourceType, Set<Method> methods, String settings, String applies) {
            this.suffix = suffix;
            this.resourceType = resourceType;
            this.methods = methods;
            this.settings = settings;
            this.applies = applies;
        }

        public String resourceType() {
            return resourceType;
        }

        public List<Method> methods() {
            return List.copyOf(methods);
        }
    }

    /**
     * One custom constraint: {@code actionType: DENY}, refusing what matches {@code condition}.
     *
     * @param name        {@code custom.metadataGuard...}: letters and digits, at most 70 after {@code custom.}
     * @param displayName and {@code description}: what a refused caller reads in GKE's error
     */
    public record Constraint(String checkId, Place place, String name, String condition, String displayName,
                             String description) {

        public Constraint {
            if (condition.length() > MAX_CONDITION) {
                throw new IllegalArgumentException(name + ": the condition has " + condition.length()
                        + " characters, over the " + MAX_CONDITION + " Organization Policy takes");
            }
        }

        static Constraint of(Check check, Place place, String refuses) {
            String checkId = check.id();
            String condition = place.applies.isEmpty() ? refuses : place.applies + " && (" + refuses + ")";
            return new Constraint(checkId, place, "custom.metadataGuard" + checkId.charAt(0)
                    + checkId.substring(1).toLowerCase(Locale.ROOT) + place.suffix, condition,
                    "Metadata Guard " + checkId + ": " + check.title(),
                    "Refused by Metadata Guard (" + checkId + "): " + check.title() + ". A compliant pool sets "
                            + String.join("; ", check.fix().replacementSets()) + ".");
        }

        public String resourceType() {
            return place.resourceType();
        }

        public List<Method> methods() {
            return place.methods();
        }
    }

    /** The CEL view of the node settings at one place: field paths, and whether each is there. */
    public record Node(String settings) {

        /** The expression reading {@code path} (dotted, below the node settings). */
        public String field(String path) {
            return settings + "." + path;
        }

        /** True when every step down to {@code path} is present: {@code has()} of each, outermost first. */
        public String present(String path) {
            StringBuilder out = new StringBuilder();
            String[] steps = (settings + "." + path).split("\\.");
            String reached = steps[0];
            for (int i = 1; i < steps.length; i++) {
                reached += "." + steps[i];
                out.append(out.length() == 0 ? "" : " && ").append("has(").append(reached).append(')');
            }
            return out.toString();
        }

        /**
         * The account is the Compute Engine default: unset, {@code default} or {@code *-compute@...}, as
         * {@link NodeSettings#usesDefaultServiceAccount()} judges it.
         */
        public String usesDefaultServiceAccount() {
            String account = field("serviceAccount");
            return "!(" + present("serviceAccount") + ") || " + account + " in ['', 'default'] || "
                    + account + ".endsWith('-compute@developer.gserviceaccount.com')";
        }
    }
}
