package dev.metadataguard.config;

import dev.metadataguard.decision.Action;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.checks.Checks;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The combinations a YAML schema cannot express, each refused with its line and a fix. */
final class PolicyValidator {

    private static final Set<String> METADATA_MODES = Set.of(Policy.GKE_METADATA, Policy.SECURE);

    private final String yaml;
    private final String source;

    private PolicyValidator(String yaml, String source) {
        this.yaml = yaml;
        this.source = source;
    }

    static void validate(Policy p, String yaml, String source) {
        new PolicyValidator(yaml, source).check(p);
    }

    private void check(Policy p) {
        checkGlobs(p);
        for (int i = 0; i < p.acceptedMetadataModes().size(); i++) {
            String mode = p.acceptedMetadataModes().get(i);
            if (!METADATA_MODES.contains(mode)) {
                fail(PolicyException.quote(mode) + " is not a metadata protection",
                        "use GKE_METADATA and optionally SECURE", "acceptedMetadataModes", i);
            }
        }
        if (!p.acceptedMetadataModes().contains(Policy.GKE_METADATA)) {
            fail("acceptedMetadataModes must include GKE_METADATA, the only protection replacements can set",
                    "add GKE_METADATA", "acceptedMetadataModes");
        }
        for (int i = 0; i < p.allowedNodeRoles().size(); i++) {
            String role = p.allowedNodeRoles().get(i);
            if (!role.matches("(roles|projects/[^/]+/roles|organizations/\\d+/roles)/[A-Za-z0-9_.]+")) {
                fail(PolicyException.quote(role) + " is not a role name",
                        "write roles/NAME or projects/P/roles/NAME", "allowedNodeRoles", i);
            }
        }
        if (p.defaultAction() == Action.NONE) {
            fail("defaultAction 'none' would drop violations silently", "use ticket or replace", "defaultAction");
        }
        for (int i = 0; i < p.remediation().size(); i++) {
            Rule rule = p.remediation().get(i);
            if (rule.match() == null || rule.match().isEmpty()) {
                fail("remediation rule " + (i + 1) + " matches nothing",
                        "give match.project, folder, label, cluster or nodePool; change defaultAction for all",
                        "remediation", i);
            }
            if (rule.action() == null || rule.action() == Action.NONE) {
                fail("remediation rule " + (i + 1) + " needs action ticket or replace", "set action",
                        "remediation", i);
            }
        }
        for (int i = 0; i < p.exemptions().size(); i++) {
            Exemption e = p.exemptions().get(i);
            if (e.match() == null || e.match().isEmpty()) {
                fail("exemption " + (i + 1) + " matches nothing", "give match.project, folder, label, cluster"
                        + " or nodePool", "exemptions", i);
            }
            if (e.reason() == null || e.reason().isBlank()) {
                fail("exemption " + (i + 1) + " has no reason", "say why, e.g. reason: \"sandbox, owner: team-x\"",
                        "exemptions", i);
            }
            if (e.owner() != null && e.owner().isBlank()) {
                fail("exemption " + (i + 1) + " has an empty owner", "name who answers for it, or leave owner out",
                        "exemptions", i, "owner");
            }
            if (e.expires() != null) {
                checkDate(e.expires(), "exemptions", i, "expires");
            }
        }
        for (Map.Entry<String, String> sa : p.nodeServiceAccounts().entrySet()) {
            String email = sa.getValue();
            if (!email.matches("[a-z][-a-z0-9]{4,28}[a-z0-9]@[-a-z0-9.]+\\.iam\\.gserviceaccount\\.com")) {
                fail("node service account " + PolicyException.quote(email) + " for project "
                        + PolicyException.clip(sa.getKey()) + " is not a user-managed service account",
                        "create one (see README) and give its e-mail, NAME@PROJECT.iam.gserviceaccount.com;"
                        + " never the Compute Engine default",
                        "nodeServiceAccounts", sa.getKey());
            }
        }
        checkSinks(p.tickets());
        for (String id : new TreeSet<>(p.checks().keySet())) {
            Optional<Check> check = Checks.byId(id);
            if (check.isEmpty()) {
                fail("there is no check " + PolicyException.quote(id), "use one of "
                        + Checks.ALL.stream().map(Check::id).collect(Collectors.joining(", ")), "checks", id);
            }
            Optional<Action> cap = p.checks().get(id).cap();
            if (cap.filter(a -> a == Action.NONE).isPresent()) {
                fail("action 'none' for " + id + " would drop its findings silently",
                        "use ticket or replace, or enabled: false to switch the check off", "checks", id, "action");
            }
            if (cap.filter(a -> a == Action.REPLACE).isPresent() && check.get().informational()) {
                fail(id + " is informational: its findings alone lead to a ticket at most", "use action: ticket, or"
                        + " leave action out", "checks", id, "action");
            }
        }
        boolean replaces = p.defaultAction() == Action.REPLACE
                || p.remediation().stream().anyMatch(r -> r.action() == Action.REPLACE);
        if (replaces && p.nodeServiceAccounts().isEmpty()) {
            fail("a remediation rule says replace, but nodeServiceAccounts names no node service account",
                    "add nodeServiceAccounts: {PROJECT: NAME@PROJECT.iam.gserviceaccount.com}",
                    p.defaultAction() == Action.REPLACE ? "defaultAction" : "remediation");
        }
    }

    private void checkDate(String date, Object... path) {
        try {
            LocalDate.parse(date);
        } catch (DateTimeParseException notADate) {
            fail(PolicyException.quote(date) + " is not a date", "write the last day it applies as YYYY-MM-DD,"
                    + " e.g. expires: \"2027-03-31\"", path);
        }
    }

    /** Each glob bounded and compiled here, once; too many of them is refused too. */
    private void checkGlobs(Policy p) {
        int count = 0;
        for (int i = 0; i < p.projects().size(); i++) {
            count += glob(p.projects().get(i), "projects", i);
        }
        for (int i = 0; i < p.remediation().size(); i++) {
            count += globs(p.remediation().get(i).match(), "remediation", i);
        }
        for (int i = 0; i < p.exemptions().size(); i++) {
            count += globs(p.exemptions().get(i).match(), "exemptions", i);
        }
        if (count > Glob.MAX_COUNT) {
            fail("the policy has " + count + " name patterns, over the " + Glob.MAX_COUNT + " it may have",
                    "cover more names with each pattern (acme-*), or split the organisation between deployments");
        }
    }

    private int globs(Match match, String list, int index) {
        if (match == null) {
            return 0;
        }
        return glob(match.project(), list, index, "match", "project") + glob(match.cluster(), list, index, "match", "cluster")
                + glob(match.nodePool(), list, index, "match", "nodePool");
    }

    private int glob(String pattern, Object... path) {
        if (pattern == null) {
            return 0;
        }
        if (pattern.length() > Glob.MAX_LENGTH) {
            fail("the name pattern " + PolicyException.quote(pattern) + " is " + pattern.length()
                    + " characters long, over the " + Glob.MAX_LENGTH + " a pattern may have",
                    "project ids have at most 30 characters and cluster and node-pool names 40; shorten it", path);
        }
        Glob.compile(pattern);
        return 1;
    }

    private void checkSinks(TicketSettings tickets) {
        if (tickets.sinks() == null) {
            checkSinkName(tickets.sink(), "tickets", "sink");
            return;
        }
        if (!tickets.sink().isEmpty()) {
            fail("tickets.sink and tickets.sinks are both given", "keep one: sinks: [" + tickets.sink() + ", ...]"
                    + " lists every sink", "tickets", "sink");
        }
        if (tickets.sinks().isEmpty()) {
            fail("tickets.sinks lists no sink, so tickets would go nowhere", "name at least one of "
                    + String.join(", ", new TreeSet<>(TicketSettings.SINKS)), "tickets", "sinks");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tickets.sinks().size(); i++) {
            String name = tickets.sinks().get(i);
            checkSinkName(name, "tickets", "sinks", i);
            if (!seen.add(name)) {
                fail("ticket sink " + PolicyException.quote(name) + " is listed twice", "list each sink once",
                        "tickets", "sinks", i);
            }
        }
    }

    private void checkSinkName(String name, Object... path) {
        if (!TicketSettings.SINKS.contains(name)) {
            fail("there is no ticket sink " + PolicyException.quote(name), "use one of "
                    + String.join(", ", new TreeSet<>(TicketSettings.SINKS)), path);
        }
    }

    private void fail(String problem, String fix, Object... path) {
        throw new PolicyException(source, YamlLines.lineOf(yaml, List.of(path)), problem, fix);
    }
}
