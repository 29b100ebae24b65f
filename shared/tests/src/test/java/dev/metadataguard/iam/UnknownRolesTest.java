package dev.metadataguard.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnknownRolesTest {

    @Test
    void rolesAreAlwaysUnknown() {
        assertEquals(Optional.empty(), new UnknownRoles().grantsOf("p1", "gke-nodes@p1.iam.gserviceaccount.com"));
    }
}
