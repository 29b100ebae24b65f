package dev.metadataguard.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.type.Expr;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import dev.metadataguard.testing.MovableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceManagerRolesTest {

    private static final String NODE_SA = "gke-nodes@p1.iam.gserviceaccount.com";
    private static final Duration TTL = Duration.ofMinutes(5);

    private final FakeResourceManager server = new FakeResourceManager();
    private final MovableClock clock = new MovableClock();
    private final ResourceManagerRoles roles = ResourceManagerRoles.forEndpoint(server.endpoint(), clock, TTL);

    private static Binding binding(String role, String... members) {
        return Binding.newBuilder().setRole(role).addAllMembers(List.of(members)).build();
    }

    @BeforeEach
    void hierarchy() {
        server.parent("projects/p1", "folders/42");
        server.parent("folders/42", "folders/7");
        server.parent("folders/7", "organizations/1");
        server.policy("projects/p1", Policy.newBuilder()
                .addBindings(binding("roles/logging.logWriter", "serviceAccount:" + NODE_SA, "user:alice@example.com"))
                .addBindings(binding("roles/editor", "serviceAccount:" + NODE_SA.toUpperCase()))
                .addBindings(binding("roles/owner", "user:alice@example.com"))
                .build());
        server.policy("folders/42", Policy.newBuilder()
                .addBindings(binding("roles/compute.admin", "serviceAccount:" + NODE_SA)).build());
        server.policy("folders/7", Policy.getDefaultInstance());
        server.policy("organizations/1", Policy.newBuilder()
                .addBindings(binding("roles/storage.admin", "serviceAccount:" + NODE_SA).toBuilder()
                        .setCondition(Expr.newBuilder().setTitle("weekdays").setExpression("true")).build())
                .build());
    }

    @AfterEach
    void close() {
        roles.close();
        server.close();
    }

    @Test
    void grantsOnTheProjectEachFolderAndTheOrganisationAreEffective() {
        assertEquals(Optional.of(Grants.of(List.of(
                new Grant("roles/logging.logWriter", "projects/p1", false),
                new Grant("roles/editor", "projects/p1", false),
                new Grant("roles/compute.admin", "folders/42", false),
                new Grant("roles/storage.admin", "organizations/1", true)))), roles.grantsOf("p1", NODE_SA));
    }

    @Test
    void memberWithoutBindingsHasNoRoles() {
        assertEquals(Optional.of(Set.of()), roles.grantsOf("p1", "other@p1.iam.gserviceaccount.com").map(Grants::roles));
    }

    @Test
    void theAncestryGivesTheFoldersNearestFirst() {
        assertEquals(Optional.of(List.of("42", "7")), roles.foldersOf("p1"));
        assertEquals(List.of("GetProject projects/p1", "GetFolder folders/42", "GetFolder folders/7"), server.calls());
    }

    @Test
    void policiesAreAskedForWithConditionsAndKeptUntilTheyExpire() {
        roles.grantsOf("p1", NODE_SA);
        roles.grantsOf("p1", "other@p1.iam.gserviceaccount.com");
        clock.advance(TTL.minusSeconds(1));
        roles.grantsOf("p1", NODE_SA);

        assertEquals(List.of("GetIamPolicy projects/p1 v3", "GetIamPolicy folders/42 v3", "GetIamPolicy folders/7 v3",
                "GetIamPolicy organizations/1 v3"), server.policyReads());

        clock.advance(Duration.ofSeconds(1));
        server.policy("folders/42", Policy.getDefaultInstance());

        assertEquals(Set.of("roles/logging.logWriter", "roles/editor", "roles/storage.admin"),
                roles.grantsOf("p1", NODE_SA).orElseThrow().roles(), "a revoked folder grant shows once the cache expires");
        assertEquals(8, server.policyReads().size());
    }

    @Test
    void anAncestorThatMayNotBeReadLeavesItsRolesUnread() {
        FakeResourceManager denying = new FakeResourceManager();
        denying.parent("projects/p1", "organizations/1");
        denying.policy("projects/p1", Policy.newBuilder().addBindings(binding("roles/logging.logWriter",
                "serviceAccount:" + NODE_SA)).build());
        try (denying; ResourceManagerRoles limited = ResourceManagerRoles.forEndpoint(denying.endpoint(), clock, TTL)) {
            Grants grants = limited.grantsOf("p1", NODE_SA).orElseThrow();

            assertEquals(Set.of("roles/logging.logWriter"), grants.roles());
            assertEquals(List.of("organizations/1 (cloudresourcemanager.organizations.getIamPolicy: PERMISSION_DENIED on "
                    + "organizations/1: The caller does not have permission)"), grants.unread());
        }
    }

    @Test
    void anAncestryThatMayNotBeReadIsUnreadAndGivesNoFolders() {
        FakeResourceManager denying = new FakeResourceManager();
        denying.policy("projects/p1", Policy.getDefaultInstance());
        try (denying; ResourceManagerRoles limited = ResourceManagerRoles.forEndpoint(denying.endpoint(), clock, TTL)) {
            assertEquals(List.of("the ancestors of projects/p1 (cloudresourcemanager.projects.get: PERMISSION_DENIED on "
                    + "projects/p1: The caller does not have permission)"), limited.grantsOf("p1", NODE_SA).orElseThrow().unread());
            assertEquals(Optional.empty(), limited.foldersOf("p1"));
        }
    }

    @Test
    void deniedProjectPolicyIsPermissionDenied() {
        ApiFailure failure = assertThrows(ApiFailure.class, () -> roles.grantsOf("p2", NODE_SA));

        assertEquals(FailureKind.PERMISSION_DENIED, failure.kind());
        assertEquals("cloudresourcemanager.projects.getIamPolicy", failure.call());
        assertEquals("cloudresourcemanager.projects.getIamPolicy: PERMISSION_DENIED on projects/p2: "
                + "The caller does not have permission", failure.getMessage());
    }

    @Test
    void unreachableServiceIsTransient() {
        String endpoint = server.endpoint();
        server.close();

        try (ResourceManagerRoles unreachable = ResourceManagerRoles.forEndpoint(endpoint, clock, TTL)) {
            ApiFailure failure = assertThrows(ApiFailure.class, () -> unreachable.grantsOf("p1", NODE_SA));

            assertEquals(FailureKind.TRANSIENT, failure.kind());
        }
    }
}
