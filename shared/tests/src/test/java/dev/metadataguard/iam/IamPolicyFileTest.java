package dev.metadataguard.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IamPolicyFileTest {

    private static final String NODE_SA = "gke-nodes@p1.iam.gserviceaccount.com";

    @TempDir
    Path dir;

    private static Path sample() throws URISyntaxException {
        return Path.of(IamPolicyFileTest.class.getResource("/iam/get-iam-policy-p1.json").toURI());
    }

    private static Optional<Set<String>> roles(IamPolicyFile file, String project, String account) {
        return file.grantsOf(project, account).map(Grants::roles);
    }

    @Test
    void exportGivesTheServiceAccountsGrantsMarkingConditionalOnes() throws Exception {
        assertEquals(Optional.of(Grants.of(List.of(
                        new Grant("roles/container.defaultNodeServiceAccount", "projects/p1", false),
                        new Grant("roles/storage.admin", "projects/p1", true)))),
                IamPolicyFile.read(sample()).grantsOf("p1", NODE_SA));
    }

    @Test
    void defaultComputeServiceAccountShowsItsEditorRole() throws Exception {
        assertEquals(Optional.of(Set.of("roles/editor")),
                roles(IamPolicyFile.read(sample()), "p1", "123456789012-compute@developer.gserviceaccount.com"));
    }

    @Test
    void memberWithoutBindingsHasNoRoles() throws Exception {
        assertEquals(Optional.of(Set.of()), roles(IamPolicyFile.read(sample()), "p1", "other@p1.iam.gserviceaccount.com"));
    }

    @Test
    void exportReadWithoutProjectAnswersForAnyProject() throws Exception {
        assertEquals(Optional.of(Set.of("roles/editor")),
                roles(IamPolicyFile.read(sample()), "p9", "123456789012-compute@developer.gserviceaccount.com"));
    }

    @Test
    void exportReadForOneProjectDoesNotKnowOthers() throws Exception {
        IamPolicyFile file = IamPolicyFile.read(sample(), "projects/p1");

        assertEquals(Optional.of(Set.of("roles/editor")), roles(file, "p1", "123456789012-compute@developer.gserviceaccount.com"));
        assertEquals(Optional.empty(), roles(file, "p2", "123456789012-compute@developer.gserviceaccount.com"));
    }

    @Test
    void folderExportAddsItsGrantsMarkedWithTheFolder() throws Exception {
        Path folder = Files.writeString(dir.resolve("folder.json"), "{\"bindings\": [{\"role\": \"roles/compute.admin\","
                + " \"members\": [\"serviceAccount:" + NODE_SA + "\"]}], \"etag\": \"x\"}");
        IamPolicyFile both = IamPolicyFile.combine(List.of(IamPolicyFile.read(sample(), "projects/p1"),
                IamPolicyFile.read(folder, "folders/42")));

        Grants grants = both.grantsOf("p1", NODE_SA).orElseThrow();

        assertEquals(new Grant("roles/compute.admin", "folders/42", false), grants.grants().get(2));
        assertEquals("roles/compute.admin (on folders/42)", grants.grants().get(2).describe("projects/p1"));
        assertEquals("roles/storage.admin (conditional)", grants.grants().get(1).describe("projects/p1"));
        assertEquals(List.of(), grants.unread());
    }

    @Test
    void aSpecNamesTheResourceBeforeTheFileOrAppliesToEveryProject() throws Exception {
        Path folder = Files.writeString(dir.resolve("folder.json"), "{\"bindings\": [{\"role\": \"roles/compute.admin\","
                + " \"members\": [\"serviceAccount:" + NODE_SA + "\"]}], \"etag\": \"x\"}");

        assertEquals(List.of(new Grant("roles/compute.admin", "folders/42", false)),
                IamPolicyFile.readSpec("folders/42=" + folder).grantsOf("p1", NODE_SA).orElseThrow().grants());
        assertEquals(List.of(new Grant("roles/compute.admin", "projects/p9", false)),
                IamPolicyFile.readSpec(folder.toString()).grantsOf("p9", NODE_SA).orElseThrow().grants());
    }

    /** An export does not say who is in a group: its grants to groups are kept, unexpanded, for MG003 to weigh. */
    @Test
    void grantsToGroupsAreKeptUnexpanded() throws Exception {
        Path folder = Files.writeString(dir.resolve("folder.json"), "{\"bindings\": [{\"role\": \"roles/editor\","
                + " \"members\": [\"group:developers@example.com\", \"user:alice@example.com\"]}], \"etag\": \"x\"}");
        IamPolicyFile both = IamPolicyFile.combine(List.of(IamPolicyFile.read(sample(), "projects/p1"),
                IamPolicyFile.read(folder, "folders/42")));

        Grants grants = both.grantsOf("p1", NODE_SA).orElseThrow();

        assertEquals(List.of(new Grant("roles/editor", "folders/42", false, Optional.of("group:developers@example.com"))),
                grants.unexpanded());
        assertEquals(Set.of("roles/container.defaultNodeServiceAccount", "roles/storage.admin"), grants.roles(),
                "a group's grant is not the account's until its members say so");
    }

    @Test
    void folderExportWithoutTheProjectsOwnLeavesTheProjectUnread() throws Exception {
        Grants grants = IamPolicyFile.read(sample(), "folders/42").grantsOf("p1", NODE_SA).orElseThrow();

        assertEquals(List.of("projects/p1 (no export of its policy)"), grants.unread());
    }

    @Test
    void exportForAResourceThatIsNoneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IamPolicyFile.read(sample(), "folder/42"));

        assertTrue(e.getMessage().endsWith("\"folder/42\" is not projects/PROJECT_ID, folders/NUMBER or organizations/NUMBER"),
                e.getMessage());
    }

    @Test
    void policyWithoutBindingsGivesNoRoles() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty-policy.json"), "{\"etag\": \"ACAB\", \"version\": 1}");

        assertEquals(Optional.of(Set.of()), roles(IamPolicyFile.read(empty), "p1", NODE_SA));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"bindings\": [{\"role\": \"roles/x\", |it is not JSON: ",
        "''|it is empty",
        "[]|it is not a JSON object",
        "{\"policy\": {}}|it has neither \"bindings\" nor \"etag\": not a gcloud projects get-iam-policy export",
        "{\"bindings\": {}}|\"bindings\" is not a list",
        "{\"bindings\": [{\"members\": []}]}|bindings[0] has no \"role\"",
        "{\"bindings\": [{\"role\": \"roles/x\", \"members\": \"user:a\"}]}|bindings[0].members is not a list",
        "{\"bindings\": [{\"role\": \"roles/x\", \"members\": [1]}]}|bindings[0].members holds 1, not a string",
    })
    void brokenExportIsRefusedNamingFileAndProblem(String content, String problem) throws IOException {
        Path file = Files.writeString(dir.resolve("policy.json"), content);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IamPolicyFile.read(file));

        assertTrue(e.getMessage().startsWith("IAM policy file " + file + ": " + problem), e.getMessage());
    }

    @Test
    void missingExportIsRefusedNamingFile() {
        Path missing = dir.resolve("nope.json");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IamPolicyFile.read(missing));

        assertEquals("IAM policy file " + missing + ": it does not exist", e.getMessage());
    }
}
