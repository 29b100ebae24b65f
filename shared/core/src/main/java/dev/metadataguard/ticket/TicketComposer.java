package dev.metadataguard.ticket;

import dev.metadataguard.decision.Decision;
import dev.metadataguard.decision.Fingerprint;
import dev.metadataguard.decision.RemediationOutcome;
import dev.metadataguard.decision.TicketRequest.GuardFailure;
import dev.metadataguard.decision.TicketRequest.GuardProblem;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.fix.Gcloud;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.CisItem;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.policy.Exposure;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.FixContext;
import dev.metadataguard.policy.Prevention;
import dev.metadataguard.policy.Severity;
import dev.metadataguard.text.Inert;
import dev.metadataguard.ticket.Ticket.Problem;
import dev.metadataguard.ticket.Ticket.Resolution;
import dev.metadataguard.ticket.Ticket.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes the ticket for a decision or a guard problem: the content, not where it goes. */
public final class TicketComposer {

    private static final String PREFIX = "[Metadata Guard] ";
    private static final Pattern PROJECT = Pattern.compile("^(?://[^/]+/)?projects/([^/]+)");

    private final Function<String, Optional<String>> nodeServiceAccount;
    private final List<Check> checks;

    /**
     * @param nodeServiceAccount the node service account the policy sets for a project, if it sets one
     * @param checks             what the findings' titles, reasons and fixes come from
     */
    public TicketComposer(Function<String, Optional<String>> nodeServiceAccount, List<Check> checks) {
        this.nodeServiceAccount = nodeServiceAccount;
        this.checks = List.copyOf(checks);
    }

    /** Over the registered checks. */
    public TicketComposer(Function<String, Optional<String>> nodeServiceAccount) {
        this(nodeServiceAccount, Checks.ALL);
    }

    /**
     * The key every ticket about {@code resource} carries, beside its fingerprint: {@code resource-} and the
     * fingerprint of the resource with no findings. Trackers keep both as labels.
     */
    public static String resourceKey(String resource) {
        return "resource-" + Fingerprint.of(resource, List.of());
    }

    /**
     * The key every ticket about a cluster or anything in it carries: {@code cluster-} and the
     * fingerprint of the cluster with no findings; empty for a resource that is not a cluster's.
     */
    public static Optional<String> clusterKey(String resource) {
        return ResourceRef.parse(resource).map(ref -> "cluster-" + Fingerprint.of(ref.clusterName(), List.of()));
    }

    /** An open ticket for a non-compliant resource; {@code outcome} is what the guard did, when known. */
    public Ticket violation(Decision decision, Optional<RemediationOutcome> outcome) {
        Optional<ResourceRef> ref = ResourceRef.parse(decision.resource());
        List<Finding> findings = decision.findings().stream()
                .sorted(Comparator.comparing(Finding::checkId))
                .toList();
        Severity severity = findings.stream().map(Finding::severity).max(Comparator.naturalOrder())
                .orElse(Severity.MEDIUM);
        List<String> ids = findings.stream().map(Finding::checkId).distinct().toList();
        Exposure exposure = ids.stream().map(this::exposureOf).min(Comparator.naturalOrder())
                .orElse(Exposure.NODE_ACCOUNT);
        String title = PREFIX + severity + ": " + describe(ref, decision.resource()) + " " + exposure.phrase()
                + " (" + String.join(", ", ids) + ")";
        String summary = capitalise(describe(ref, decision.resource()))
                + ref.map(r -> " (project " + r.project() + ", location " + r.location() + ")").orElse("")
                + " fails " + ids.size() + (ids.size() == 1 ? " check" : " checks")
                + " of the GKE guide \"Protecting cluster metadata\". The guard decided: " + decision.action().label()
                + " (" + decision.mode() + " mode)" + (blank(decision.reason()) ? "." : ": " + Inert.clip(decision.reason()) + ".");
        List<Problem> problems = problems(findings);
        Optional<String> replacement = outcome.map(RemediationOutcome::replacement).filter(r -> !blank(r));
        List<FixStep> fix = new ArrayList<>(ref.map(r -> FixPlan.steps(checks,
                new FixContext(r, nodeServiceAccount.apply(r.project())), replacement)).orElse(List.of()));
        ref.flatMap(r -> prevention(ids, r)).ifPresent(fix::add);
        Ticket ticket = new Ticket(decision.fingerprint(), resourceKey(decision.resource()), Status.OPEN, title,
                severity, decision.resource(), summary, problems, decision.unknownChecks(),
                Optional.ofNullable(decision.principal()).filter(p -> !blank(p)).map(Inert::clip),
                Optional.ofNullable(decision.eventTime()), fix, List.of(), Optional.empty());
        return outcome.map(ticket::withOutcome).orElse(ticket);
    }

    /**
     * A low-severity ticket reporting that a resource exempted itself with a label: who created it, when,
     * the reason the label gives, and the checks it fails. Its own fingerprint, so it supersedes (and links
     * from) the violation ticket it replaces instead of closing that silently.
     */
    public Ticket exemptedByLabel(Decision decision) {
        Optional<ResourceRef> ref = ResourceRef.parse(decision.resource());
        List<String> ids = decision.findings().stream().map(Finding::checkId).sorted().distinct().toList();
        List<String> keyed = new java.util.ArrayList<>(ids);
        keyed.add("exempt-by-label");
        String who = blank(decision.principal()) ? "an unknown principal" : decision.principal();
        String when = decision.eventTime() == null ? "an unknown time" : decision.eventTime().toString();
        String summary = capitalise(describe(ref, decision.resource())) + " is exempt by its own "
                + Inert.clip(decision.reason()) + " (created by " + Inert.clip(who) + " at " + when
                + "), although it fails " + String.join(", ", ids)
                + ". The policy allows label exemptions (allowLabelExemptions); check that this one is wanted,"
                + " or remove the label.";
        List<Problem> problems = problems(decision.findings().stream().sorted(Comparator.comparing(Finding::checkId))
                .toList());
        return new Ticket(Fingerprint.of(decision.resource(), keyed), resourceKey(decision.resource()), Status.OPEN,
                PREFIX + Severity.LOW + ": " + describe(ref, decision.resource()) + " is exempt by label ("
                        + String.join(", ", ids) + ")", Severity.LOW, decision.resource(), summary, problems,
                decision.unknownChecks(), Optional.ofNullable(decision.principal()).filter(p -> !blank(p))
                        .map(Inert::clip), Optional.ofNullable(decision.eventTime()), List.of(), List.of(), Optional.empty());
    }

    /**
     * A resolved ticket for a compliant or exempt resource. Sinks that cannot look tickets up (Pub/Sub,
     * webhook) send it as it is: a consumer closes every ticket with the same {@code resourceKey}.
     */
    public Ticket compliant(Decision decision, Resolution resolution) {
        return resolved(decision.fingerprint(), decision.resource(), decision.unknownChecks(),
                Optional.ofNullable(decision.principal()).map(Inert::clip), Optional.ofNullable(decision.eventTime()),
                resolution);
    }

    /** A resolved ticket for a resource that no longer exists, when the sink keeps no ticket to resolve. */
    public Ticket deleted(String resource, Resolution resolution) {
        return resolved(Fingerprint.of(resource, List.of()), resource, List.of(), Optional.empty(),
                Optional.of(resolution.at()), resolution);
    }

    private Ticket resolved(String fingerprint, String resource, List<String> unknownChecks, Optional<String> principal,
                            Optional<java.time.Instant> at, Resolution resolution) {
        Optional<ResourceRef> ref = ResourceRef.parse(resource);
        return new Ticket(fingerprint, resourceKey(resource), Status.RESOLVED,
                PREFIX + "RESOLVED: " + describe(ref, resource) + ": " + resolution.reason(), Severity.LOW,
                resource, capitalise(describe(ref, resource)) + ": " + resolution.reason() + ".",
                List.of(), unknownChecks, principal, at, List.of(), List.of(), Optional.of(resolution));
    }

    /** A ticket about the guard's own setup: a permission it lacks, keyed on (call, permission, project). */
    public Ticket guardProblem(GuardProblem problem) {
        String project = projectOf(problem.resource());
        String permission = problem.permission() == null ? "" : problem.permission();
        String key = Fingerprint.of("guard-problem|" + problem.call() + "|" + permission + "|" + project, List.of());
        String title = PREFIX + Severity.HIGH + ": "
                + (permission.isEmpty()
                        ? "the guard's call " + problem.call() + " is denied in project " + project
                        : "the guard lacks " + permission + " in project " + project);
        String summary = "The guard could not check " + problem.resource() + ": " + problem.call()
                + " was refused (" + Inert.clip(problem.message()) + "). Until this is fixed, resources in project "
                + project + " go unchecked.";
        FixStep grant = new FixStep("Grant " + (permission.isEmpty() ? "the permission this call needs" : permission)
                + " to the service account the failing function runs as (its custom role in the Terraform"
                + " module), then replay the event. This shows who holds what in the project:",
                List.of(Gcloud.getIamPolicy(project)));
        return new Ticket(key, "resource-" + key, Status.OPEN, title, Severity.HIGH, problem.resource(), summary,
                List.of(), List.of(), Optional.empty(), Optional.empty(), List.of(grant), List.of(), Optional.empty());
    }

    /**
     * The last step for findings a constraint could have refused: which constraints, where they come from, and
     * the variable that turns their dry run into refusal. A pool's are the node-pool constraints; a cluster's
     * findings are about its auto-provisioning defaults.
     */
    private Optional<FixStep> prevention(List<String> ids, ResourceRef ref) {
        Prevention.Place place = ref.isNodePool() ? Prevention.Place.NODE_POOL : Prevention.Place.AUTOPROVISIONING;
        List<String> names = ids.stream().flatMap(id -> Checks.byId(checks, id).flatMap(Check::prevention).stream())
                .flatMap(p -> p.constraints().stream()).filter(c -> c.place() == place)
                .map(Prevention.Constraint::name).toList();
        if (names.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FixStep("Prevent the next one: the Organization Policy custom constraint"
                + (names.size() == 1 ? " " : "s ") + String.join(", ", names) + " would have refused this "
                + (ref.isNodePool() ? "pool" : "cluster's auto-provisioning defaults") + " when it was created or"
                + " changed. " + Prevention.MODULE + " deploys " + (names.size() == 1 ? "it" : "them")
                + " in dry run, which only logs; its variable " + Prevention.ENFORCE_VARIABLE + " = true makes GKE"
                + " refuse such requests.", List.of()));
    }

    /**
     * A ticket about a function that failed on a message (a bug of the guard's), keyed on the function and the
     * failure's class: the same bug on every message is one ticket.
     */
    public Ticket guardFailure(GuardFailure failure) {
        String key = Fingerprint.of("guard-failure|" + failure.function() + "|" + failure.failureClass(), List.of());
        String about = failure.about().isBlank() ? "a message" : "a message about " + failure.about();
        String summary = "The guard's " + failure.function() + " failed on " + about + ": " + Inert.clip(failure.failure())
                + ". The message is on the function's dead-letter topic; messages like it are not acted on until"
                + " this is fixed.";
        FixStep report = new FixStep("Read the function's \"dead-lettered\" log line (decision failed) for where it"
                + " failed, fix or report the guard, then replay the dead letter from the function's dead-letter"
                + " subscription.", List.of());
        return new Ticket(key, "resource-" + key, Status.OPEN, PREFIX + Severity.HIGH + ": the guard's "
                + failure.function() + " failed on a message (" + Inert.clip(failure.failureClass()) + ")", Severity.HIGH,
                failure.resource(), summary, List.of(), List.of(), Optional.empty(), Optional.empty(), List.of(report),
                List.of(), Optional.empty());
    }

    private List<Problem> problems(List<Finding> findings) {
        return findings.stream()
                .map(f -> new Problem(f.checkId(), f.title(), f.severity(), f.evidence(),
                        f.note() == null ? "" : Inert.clip(f.note()), whyItMatters(f.checkId()), cis(f.checkId())))
                .toList();
    }

    /** A finding of a check no longer registered (an old message) reads as the mildest exposure. */
    private Exposure exposureOf(String checkId) {
        return Checks.byId(checks, checkId).map(Check::exposure).orElse(Exposure.NODE_ACCOUNT);
    }

    private String whyItMatters(String checkId) {
        return Checks.byId(checks, checkId).map(Check::whyItMatters)
                .orElse("See the finding's note: this check has no explanation here yet.");
    }

    private String cis(String checkId) {
        return Checks.byId(checks, checkId).flatMap(Check::cis).map(CisItem::reference).orElse("");
    }

    private static String describe(Optional<ResourceRef> ref, String resource) {
        return ref.map(r -> r.isNodePool()
                        ? "node pool " + r.nodePool() + " in cluster " + r.cluster()
                        : "cluster " + r.cluster())
                .orElse(resource);
    }

    private static String projectOf(String resource) {
        Matcher m = PROJECT.matcher(resource == null ? "" : resource);
        return m.find() ? m.group(1) : resource;
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
