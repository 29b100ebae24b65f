package dev.metadataguard.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.api.FailureKind;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceManagerRolesTest {

    private static final String NODE_SA = "gke-nodes@p1.iam.gserviceaccount.com";

    private final FakeProjectsServer server = new FakeProjectsServer();
    private final ResourceManagerRoles roles = ResourceManagerRoles.forEndpoint(server.endpoint());

    @BeforeEach
    void policy() {
        server.policy("p1", Policy.newBuilder()
                .addBindings(Binding.newBuilder().setRole("roles/logging.logWriter")
                        .addMembers("serviceAccount:" + NODE_SA).addMembers("user:alice@example.com"))
                .addBindings(Binding.newBuilder().setRole("roles/editor")
                        .addMembers("serviceAccount:" + NODE_SA.toUpperCase()))
                .addBindings(Binding.newBuilder().setRole("roles/owner").addMembers("user:alice@example.com"))
                .build());
    }

    @AfterEach
    void close() {
        roles.close();
        server.close();
    }

    @Test
    void rolesBoundToTheServiceAccountAreReturned() {
        assertEquals(Optional.of(Set.of("roles/logging.logWriter", "roles/editor")), roles.rolesOf("p1", NODE_SA));
    }

    @Test
    void memberWithoutBindingsHasNoRoles() {
        assertEquals(Optional.of(Set.of()), roles.rolesOf("p1", "other@p1.iam.gserviceaccount.com"));
    }

    @Test
    void policyIsAskedForWithConditionsAndReadOncePerProject() {
        roles.rolesOf("p1", NODE_SA);
        roles.rolesOf("p1", "other@p1.iam.gserviceaccount.com");

        assertEquals(1, server.requests().size());
        assertEquals("projects/p1", server.requests().get(0).getResource());
        assertEquals(3, server.requests().get(0).getOptions().getRequestedPolicyVersion());
    }

    @Test
    void deniedPolicyIsPermissionDenied() {
        ApiFailure failure = assertThrows(ApiFailure.class, () -> roles.rolesOf("p2", NODE_SA));

        assertEquals(FailureKind.PERMISSION_DENIED, failure.kind());
        assertEquals("cloudresourcemanager.projects.getIamPolicy", failure.call());
        assertEquals("cloudresourcemanager.projects.getIamPolicy: PERMISSION_DENIED on projects/p2: "
                + "The caller does not have permission", failure.getMessage());
    }

    @Test
    void unreachableServiceIsTransient() {
        String endpoint = server.endpoint();
        server.close();

        try (ResourceManagerRoles unreachable = ResourceManagerRoles.forEndpoint(endpoint)) {
            ApiFailure failure = assertThrows(ApiFailure.class, () -> unreachable.rolesOf("p1", NODE_SA));

            assertEquals(FailureKind.TRANSIENT, failure.kind());
        }
    }
}
