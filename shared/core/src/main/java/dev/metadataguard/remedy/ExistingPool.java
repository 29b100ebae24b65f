package dev.metadataguard.remedy;

import com.google.container.v1.NodeConfig;
import com.google.container.v1.NodePool;
import com.google.container.v1.NodeTaint;
import dev.metadataguard.fix.ReplacementName;
import dev.metadataguard.gke.InstanceGroups;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.Labels;
import dev.metadataguard.text.Inert;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Judges a pool found under a replacement's name: the guard's own replacement of the original (an earlier or
 * concurrent delivery's), or a pool squatting on the name, which a person must sort out. A name and a label
 * anyone can give a pool, so the pool counts as the guard's only when every setting the replacement sets or
 * copies that decides what its nodes can reach and carry matches what the guard would create from the original
 * now ({@link ReplacementSpec}): service account, scopes, metadata, metadata mode, machine type, disk, taints,
 * locations, and at least the original's nodes per zone. Version and image type are left out: the guard fits
 * them to what GKE offers ({@link NodeOffer}), and GKE upgrades them.
 */
public final class ExistingPool {

    /** How the one difference a resize mends begins. */
    static final String FEWER_NODES = "nodes per zone: ";

    private ExistingPool() {
    }

    /**
     * How {@code found} differs from the guard's replacement of {@code original}; empty when it is the guard's own.
     * Sizes are read from the pools' managed instance groups.
     *
     * @param account the node service account the policy names for the project
     * @throws dev.metadataguard.api.ApiFailure when reading a size fails in a way a retry can fix
     */
    public static List<String> differences(NodePool original, NodePool found, String account, List<Check> checks,
                                           InstanceGroups groups) {
        return differences(original, found, account, checks, Sizing.of(original, groups), Sizing.of(found, groups));
    }

    /** As above, with the sizes read: the original's now, and the found pool's. */
    static List<String> differences(NodePool original, NodePool found, String account, List<Check> checks,
                                    Sizing originalSize, Sizing foundSize) {
        NodePool spec = ReplacementSpec.of(original, account, checks);
        List<String> differ = new ArrayList<>();
        if (!found.getName().equals(ReplacementName.of(original.getName()))) {
            differ.add("name is " + shown(found.getName()) + ", not " + ReplacementName.of(original.getName()));
        }
        NodeConfig want = spec.getConfig();
        NodeConfig have = found.getConfig();
        compare("config.labels[" + Labels.REPLACES + "]", want, have, c -> c.getLabelsMap().get(Labels.REPLACES), differ);
        compare("config.serviceAccount", want, have, NodeConfig::getServiceAccount, differ);
        compare("config.oauthScopes", want, have, c -> new HashSet<>(c.getOauthScopesList()), differ);
        compare("config.metadata", want, have, NodeConfig::getMetadataMap, differ);
        compare("config.workloadMetadataConfig.mode", want, have, c -> c.getWorkloadMetadataConfig().getMode(), differ);
        compare("config.machineType", want, have, NodeConfig::getMachineType, differ);
        compare("config.diskSizeGb", want, have, NodeConfig::getDiskSizeGb, differ);
        compare("config.diskType", want, have, NodeConfig::getDiskType, differ);
        // GKE writes its own taints (a sandbox pool's) on the pools it makes: only the ones the guard copies count.
        compare("config.taints", want, have, c -> new HashSet<>(c.getTaintsList().stream()
                .filter(t -> !GkeManagedKeys.taint(t)).map(ExistingPool::taint).toList()), differ);
        if (!new HashSet<>(spec.getLocationsList()).equals(new HashSet<>(found.getLocationsList()))) {
            differ.add("locations are " + found.getLocationsList() + ", not " + spec.getLocationsList());
        }
        // A pool whose creation failed, in whole or in part, lacks nodes: the wait reports GKE's error instead.
        if (found.getStatus() != NodePool.Status.ERROR && found.getStatus() != NodePool.Status.RUNNING_WITH_ERROR
                && foundSize.perZone() < originalSize.perZone()) {
            differ.add(FEWER_NODES + foundSize.perZone() + ", fewer than the original's " + originalSize.perZone());
        }
        return differ;
    }

    private static <T> void compare(String field, NodeConfig want, NodeConfig have, Function<NodeConfig, T> read,
                                    List<String> differ) {
        T expected = read.apply(want);
        T actual = read.apply(have);
        if (!Objects.equals(expected, actual)) {
            differ.add(field + " is " + (actual == null ? "absent" : shown(String.valueOf(actual))) + ", not "
                    + shown(String.valueOf(expected)));
        }
    }

    private static String taint(NodeTaint taint) {
        return taint.getKey() + "=" + taint.getValue() + ":" + taint.getEffect();
    }

    /** Whoever made the pool wrote these values: shown inert. */
    private static String shown(String value) {
        return "\"" + Inert.value(value) + "\"";
    }
}
