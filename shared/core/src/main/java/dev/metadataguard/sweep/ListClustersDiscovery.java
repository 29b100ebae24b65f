package dev.metadataguard.sweep;

import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.Gke;
import dev.metadataguard.gke.GkeCall;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The fallback when Cloud Asset Inventory is disabled: ListClusters on {@code projects/P/locations/-}
 * for each of the policy's projects, one page per project. It needs literal project ids: a glob in the
 * policy's projects names no project to list.
 */
public final class ListClustersDiscovery implements ClusterDiscovery {

    /** A project id: 6 to 30 lowercase letters, digits and hyphens, starting with a letter. */
    private static final Pattern PROJECT_ID = Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]");

    private final Gke gke;
    private final List<String> projects;

    public ListClustersDiscovery(Gke gke, List<String> projects) {
        this.gke = gke;
        this.projects = List.copyOf(projects);
    }

    @Override
    public String source() {
        return "ListClusters over " + projects.size() + " projects";
    }

    @Override
    public void discover(Consumer<List<ResourceRef>> page) {
        if (projects.isEmpty() || !projects.stream().allMatch(p -> PROJECT_ID.matcher(p).matches())) {
            throw new ApiFailure(FailureKind.PERMANENT, GkeCall.LIST_CLUSTERS.restMethod(), "the policy's projects "
                    + projects + " are not all project ids, so there is nothing to list; name each project, or"
                    + " enable the Cloud Asset API (cloudasset.googleapis.com)");
        }
        for (String project : projects) {
            page.accept(gke.listClusters(project).stream()
                    .map(c -> ResourceRef.cluster(project, c.getLocation(), c.getName())).toList());
        }
    }
}
