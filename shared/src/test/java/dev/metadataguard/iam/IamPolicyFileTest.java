package dev.metadataguard.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void exportGivesTheServiceAccountsRolesIncludingConditionalOnes() throws Exception {
        assertEquals(Optional.of(Set.of("roles/container.defaultNodeServiceAccount", "roles/storage.admin")),
                IamPolicyFile.read(sample()).rolesOf("p1", NODE_SA));
    }

    @Test
    void defaultComputeServiceAccountShowsItsEditorRole() throws Exception {
        assertEquals(Optional.of(Set.of("roles/editor")),
                IamPolicyFile.read(sample()).rolesOf("p1", "123456789012-compute@developer.gserviceaccount.com"));
    }

    @Test
    void memberWithoutBindingsHasNoRoles() throws Exception {
        assertEquals(Optional.of(Set.of()), IamPolicyFile.read(sample()).rolesOf("p1", "other@p1.iam.gserviceaccount.com"));
    }

    @Test
    void exportReadWithoutProjectAnswersForAnyProject() throws Exception {
        assertEquals(Optional.of(Set.of("roles/editor")),
                IamPolicyFile.read(sample()).rolesOf("p9", "123456789012-compute@developer.gserviceaccount.com"));
    }

    @Test
    void exportReadForOneProjectDoesNotKnowOthers() throws Exception {
        IamPolicyFile file = IamPolicyFile.read(sample(), "p1");

        assertEquals(Optional.of(Set.of("roles/editor")), file.rolesOf("p1", "123456789012-compute@developer.gserviceaccount.com"));
        assertEquals(Optional.empty(), file.rolesOf("p2", "123456789012-compute@developer.gserviceaccount.com"));
    }

    @Test
    void policyWithoutBindingsGivesNoRoles() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty-policy.json"), "{\"etag\": \"ACAB\", \"version\": 1}");

        assertEquals(Optional.of(Set.of()), IamPolicyFile.read(empty).rolesOf("p1", NODE_SA));
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
