package dev.metadataguard.remedy;

import static dev.metadataguard.remedy.ReplacerBed.CLUSTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.NodePool;
import dev.metadataguard.config.Policy;
import dev.metadataguard.config.PolicyLoader;
import dev.metadataguard.decision.Decision;
import dev.metadataguard.event.AuditEvent;
import dev.metadataguard.event.OperationStatus;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.event.Verb;
import dev.metadataguard.fix.FixStep;
import dev.metadataguard.fix.ReplacementName;
import dev.metadataguard.inspect.Inspector;
import dev.metadataguard.policy.Check;
import dev.metadataguard.policy.CheckTable;
import dev.metadataguard.policy.checks.Checks;
import dev.metadataguard.policy.Finding;
import dev.metadataguard.policy.Fix;
import dev.metadataguard.policy.Outcome;
import dev.metadataguard.policy.SecureBootOff;
import dev.metadataguard.runtime.Wiring;
import dev.metadataguard.testing.SpelledOutChecks;
import dev.metadataguard.ticket.Ticket;
import dev.metadataguard.ticket.TicketComposer;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A check registered from the test sources alone ({@link SecureBootOff}, MG901) reaches every part of the
 * guard that asks the registry: the inspector's findings, the ticket's title, reasons and fix steps, the
 * replacement the replacer creates, and the README's table. Nothing else names it, and the class only declares:
 * its fix is one node setting, from which the flags, the replacement's config and the rest are derived.
 */
class ExtraCheckTest {

    private static final List<Check> EXTENDED = Stream.concat(Checks.ALL.stream(), Stream.of(new SecureBootOff()))
            .toList();
    private static final ResourceRef POOL = CLUSTER.withNodePool("unshielded");
    private static final Policy ENFORCE = PolicyLoader.parse(ReplacerBed.enforce(""), "test policy");

    private final ReplacerBed bed = new ReplacerBed();

    ExtraCheckTest() {
        NodePool unshielded = Pools.rich(POOL.nodePool());
        bed.embedded.seed(CLUSTER.name(), unshielded.toBuilder()
                .setConfig(unshielded.getConfig().toBuilder().clearShieldedInstanceConfig()).build());
    }

    @AfterEach
    void close() {
        bed.close();
    }

    private Inspector inspector(List<Check> checks) {
        return Wiring.inspector(bed.gke, ReplacerBed.MINIMAL_ROLES, ENFORCE, checks);
    }

    private Decision inspect(ResourceRef pool, List<Check> checks) {
        AuditEvent event = new AuditEvent("google.container.v1.ClusterManager.CreateNodePool", "v1",
                Verb.CREATE_NODE_POOL, pool, Optional.of("operation-1"), true, false, OperationStatus.OK, "NOTICE",
                Optional.of("carol@acme.example"), Optional.of(Instant.parse("2026-11-02T12:20:00Z")), "i1",
                Optional.empty());
        return inspector(checks).inspect(event).decisions().get(0);
    }

    private static List<String> ids(Decision decision) {
        return decision.findings().stream().map(Finding::checkId).toList();
    }

    @Test
    void theInspectorFindsWhatTheExtraCheckJudges() {
        List<String> registered = ids(inspect(POOL, Checks.ALL));
        assertTrue(registered.containsAll(List.of("MG001", "MG002", "MG004")), registered.toString());
        Decision decision = inspect(POOL, EXTENDED);
        assertEquals(Stream.concat(registered.stream(), Stream.of("MG901")).toList(), ids(decision));
        Finding mg901 = decision.findings().get(registered.size());
        assertEquals("Secure Boot is off on the nodes", mg901.title());
        assertEquals("nodePools[unshielded].config.shieldedInstanceConfig.enableSecureBoot", mg901.evidence().field());
        assertEquals(ids(inspect(ReplacerBed.ORIGINAL, Checks.ALL)), ids(inspect(ReplacerBed.ORIGINAL, EXTENDED)),
                "the seeded pool with Secure Boot on passes MG901");
    }

    @Test
    void theTicketTakesItsTitleReasonAndFixStepsFromTheCheck() {
        Decision decision = inspect(POOL, EXTENDED);
        Decision onlyMg901 = new Decision(decision.fingerprint(), decision.resource(), decision.outcome(),
                decision.findings().stream().filter(f -> f.checkId().equals("MG901")).toList(), List.of(), decision.action(), decision.reason(), decision.mode(),
                decision.method(), decision.operationId(), decision.principal(), decision.eventTime(), null);
        Ticket ticket = new TicketComposer(project -> Optional.empty(), EXTENDED).violation(onlyMg901, Optional.empty());

        assertEquals("[Metadata Guard] MEDIUM: node pool unshielded in cluster payments boots nodes without Secure Boot"
                + " (MG901)", ticket.title());
        assertEquals(SecureBootOff.WHY, ticket.problems().get(0).whyItMatters());
        List<String> commands = commands(ticket);
        assertTrue(commands.contains("kubectl get nodes -l cloud.google.com/gke-nodepool=unshielded"), commands.toString());
        assertTrue(createCommand(commands).endsWith(" --scopes=https://www.googleapis.com/auth/cloud-platform --shielded-secure-boot"
                + " --node-labels=metadata-guard-replaces=unshielded"), createCommand(commands));

        Ticket withoutIt = new TicketComposer(project -> Optional.empty(), SpelledOutChecks.CHECKS)
                .violation(decision, Optional.empty());
        assertFalse(createCommand(commands(withoutIt)).contains("--shielded-secure-boot"));
        assertTrue(withoutIt.problems().stream().anyMatch(p -> p.checkId().equals("MG901")
                        && p.whyItMatters().startsWith("See the finding's note")),
                "a finding of a check the composer does not know keeps a placeholder reason");
    }

    @Test
    void theReplacementSetsWhatTheCheckDeclaresAndPassesIt() {
        Decision decision = inspect(POOL, EXTENDED);
        new Replacer(bed.gke, bed.groups, inspector(EXTENDED), ReplacerBed.MINIMAL_ROLES, ReplacerBed.FAST, EXTENDED).replace(decision);

        ResourceRef replacement = CLUSTER.withNodePool(ReplacementName.of(POOL.nodePool()));
        assertTrue(bed.gke.getNodePool(replacement).getConfig().getShieldedInstanceConfig().getEnableSecureBoot());
        Decision judged = inspect(replacement, EXTENDED);
        assertEquals(Outcome.COMPLIANT, judged.outcome(), judged.reason());
    }

    /** The check declares its fix once, as a node setting; the flags and the rest follow without more code. */
    @Test
    void theCheckOnlyDeclaresAndItsFixIsOneSetting() {
        List<String> undeclared = Arrays.stream(SecureBootOff.class.getDeclaredMethods()).filter(m -> !m.isSynthetic())
                .filter(m -> Arrays.stream(Check.class.getMethods()).noneMatch(c -> c.getName().equals(m.getName())
                        && Arrays.equals(c.getParameterTypes(), m.getParameterTypes())))
                .map(Method::getName).toList();
        assertEquals(List.of(), undeclared, "a check answers what Check asks, nothing more");
        Fix fix = new SecureBootOff().fix();
        assertEquals(1, fix.settings().size());
        assertEquals(List.of("--shielded-secure-boot"), fix.poolFlags("nodes@shop.iam.gserviceaccount.com"));
        assertEquals(List.of(), fix.autoprovisioningFlags("nodes@shop.iam.gserviceaccount.com"),
                "no auto-provisioning flag declared, none derived");
        assertTrue(fix.inPlace().isEmpty(), "not declared as changed in place");
    }

    @Test
    void theReadmeTableGainsItsRow() {
        assertTrue(CheckTable.markdown(EXTENDED).endsWith("| MG901 | MEDIUM | Secure Boot is off on the nodes |"
                + " `shieldedInstanceConfig.enableSecureBoot` is not true |"
                + " `config.shielded_instance_config.enable_secure_boot = true` | no | `GKE_NODE_SECURE_BOOT_DISABLED` |"
                + " 5.5.7 Ensure Secure Boot for Shielded GKE Nodes is Enabled |\n"));
    }

    private static List<String> commands(Ticket ticket) {
        return ticket.fix().stream().map(FixStep::commands).flatMap(List::stream).toList();
    }

    private static String createCommand(List<String> commands) {
        return commands.stream().filter(c -> c.startsWith("gcloud container node-pools create")).findFirst()
                .orElseThrow();
    }
}
