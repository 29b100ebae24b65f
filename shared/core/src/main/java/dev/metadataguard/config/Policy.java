package dev.metadataguard.config;

import dev.metadataguard.decision.Action;
import dev.metadataguard.policy.CheckSettings;
import dev.metadataguard.policy.NodeRoles;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The guard's policy, one file shared by every function (see {@code test-events/policies/} for
 * documented examples). Every field has a safe default, so an empty file is a valid dry-run policy.
 *
 * @param acceptedMetadataModes metadata protections that pass MG001: {@code GKE_METADATA}, and
 *                              {@code SECURE} (legacy concealment) unless the policy drops it
 * @param allowedNodeRoles      project roles a node service account may hold (MG003)
 * @param defaultAction         what a violation gets when no remediation rule matches
 * @param remediation           rules tried in order; the first match decides {@code ticket} or {@code replace}
 * @param nodeServiceAccounts   project id -> least-privilege node SA e-mail used by replacements
 * @param projects              project-id globs the guard acts in; empty means every project
 * @param projectFolders        project id -> folder ids it sits in, for {@code folder} matches
 * @param allowLabelExemptions  whether the {@code metadata-guard-exempt} label exempts a resource (default
 *                              true); anyone who can label a pool can write it, so each use is reported
 * @param tickets               the ticket sink settings
 * @param sweep                 what the estate sweep may do (tickets only, unless it says remediate)
 * @param checks                check id -> its settings; a check not named runs
 */
public record Policy(
        Mode mode,
        List<String> acceptedMetadataModes,
        List<String> allowedNodeRoles,
        Action defaultAction,
        List<Rule> remediation,
        Map<String, String> nodeServiceAccounts,
        List<Exemption> exemptions,
        List<String> projects,
        Map<String, List<String>> projectFolders,
        Replacement replacement,
        TicketSettings tickets,
        Sweep sweep,
        Boolean allowLabelExemptions,
        Map<String, CheckOptions> checks) {

    public static final String GKE_METADATA = "GKE_METADATA";
    public static final String SECURE = "SECURE";

    public Policy {
        mode = mode == null ? Mode.DRY_RUN : mode;
        acceptedMetadataModes = acceptedMetadataModes == null ? List.of(GKE_METADATA, SECURE)
                : List.copyOf(acceptedMetadataModes);
        allowedNodeRoles = allowedNodeRoles == null ? NodeRoles.ALLOWED_BY_DEFAULT : List.copyOf(allowedNodeRoles);
        defaultAction = defaultAction == null ? Action.TICKET : defaultAction;
        remediation = remediation == null ? List.of() : List.copyOf(remediation);
        nodeServiceAccounts = nodeServiceAccounts == null ? Map.of() : Map.copyOf(nodeServiceAccounts);
        exemptions = exemptions == null ? List.of() : List.copyOf(exemptions);
        projects = projects == null ? List.of() : List.copyOf(projects);
        projectFolders = projectFolders == null ? Map.of() : Map.copyOf(projectFolders);
        replacement = replacement == null ? Replacement.DEFAULT : replacement;
        tickets = tickets == null ? TicketSettings.defaults() : tickets;
        sweep = sweep == null ? Sweep.DEFAULT : sweep;
        allowLabelExemptions = allowLabelExemptions == null ? Boolean.TRUE : allowLabelExemptions;
        checks = checks == null ? Map.of() : Map.copyOf(checks);
    }

    /** The built-in policy: dry-run, tickets only, the seed's roles. */
    public static Policy defaults() {
        return new Policy(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean acceptsConcealment() {
        return acceptedMetadataModes.contains(SECURE);
    }

    /** What the checks read of this policy. */
    public CheckSettings checkSettings() {
        return new CheckSettings(acceptsConcealment(), Set.copyOf(allowedNodeRoles), nodeServiceAccounts);
    }

    /** Whether the check with this id runs: every check does unless {@code checks} switches it off. */
    public boolean checkEnabled(String checkId) {
        return checks.getOrDefault(checkId, CheckOptions.DEFAULT).enabled();
    }

    public Optional<String> nodeServiceAccount(String project) {
        return Optional.ofNullable(nodeServiceAccounts.get(project));
    }

    public Set<String> foldersOf(String project) {
        return Set.copyOf(projectFolders.getOrDefault(project, List.of()));
    }

    /** Whether events of this project are the guard's business. */
    public boolean inScope(String project) {
        return projects.isEmpty() || projects.stream()
                .anyMatch(glob -> Glob.compile(glob).matches(project));
    }

    /** The exemptions that match {@code target}, in the policy's order, lapsed ones too. */
    public List<Exemption> exemptionsFor(Match.Target target) {
        return exemptions.stream().filter(e -> e.match().matches(target)).toList();
    }

    /** The exemptions that still exempt on {@code day} and end within {@link Exemption#WARN_DAYS} after it. */
    public List<Exemption> exemptionsEndingSoonAfter(LocalDate day) {
        return exemptions.stream().filter(e -> e.endsSoonAfter(day)).toList();
    }

    /**
     * Whether a finding of the check with this id may lead to a replacement: unless {@code checks} caps the check at
     * {@code action: ticket}. A violation is replaced only where the rules say replace and one of its findings may.
     */
    public boolean checkMayReplace(String checkId) {
        return checks.getOrDefault(checkId, CheckOptions.DEFAULT).cap().map(cap -> cap == Action.REPLACE).orElse(true);
    }

    /** The action the first matching rule names, or {@link #defaultAction}. */
    public Action remediationFor(Match.Target target) {
        return remediation.stream().filter(r -> r.match().matches(target)).map(Rule::action).findFirst()
                .orElse(defaultAction);
    }
}
