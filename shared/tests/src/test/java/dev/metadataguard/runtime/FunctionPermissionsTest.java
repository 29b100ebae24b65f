package dev.metadataguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metadataguard.testing.IamPermissions;
import dev.metadataguard.testing.TestEvents;
import java.io.IOException;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Terraform's custom roles must hold exactly the permissions of the calls each function makes. */
class FunctionPermissionsTest {

    @Test
    void terraformRolesMatchTheCallsEachFunctionMakes() throws IOException {
        JsonNode roles = TestEvents.JSON.readTree(TestEvents.root().resolveSibling("terraform/permissions.json").toFile());
        SortedSet<String> names = new TreeSet<>();
        roles.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(FunctionPermissions.functions()), names);
        for (String function : names) {
            SortedSet<String> inTerraform = new TreeSet<>();
            roles.get(function).forEach(p -> inTerraform.add(p.asText()));
            assertEquals(FunctionPermissions.of(function), inTerraform, function);
        }
    }

    /** A name IAM does not have (a typo, a guessed "create") would make Terraform's role creation fail. */
    @Test
    void everyPermissionTheCodeDeclaresIsOneIamHas() {
        for (String function : FunctionPermissions.functions()) {
            IamPermissions.known(FunctionPermissions.of(function), IamPermissions.Level.ORGANIZATION);
        }
    }
}
