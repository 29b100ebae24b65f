package dev.metadataguard.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metadataguard.event.ResourceRef;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every value in a printed command is one shell word, and no name outside GKE's rules gets into one. */
class GcloudTest {

    private static final ResourceRef POOL = new ResourceRef("acme-prod", "europe-west1-b", "payments", "batch");

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "acme-prod|acme-prod", "roles/logging.logWriter|roles/logging.logWriter",
        "serviceAccount:gke@acme-prod.iam.gserviceaccount.com|serviceAccount:gke@acme-prod.iam.gserviceaccount.com",
        "GKE nodes (least privilege)|'GKE nodes (least privilege)'", "it's|'it'\\''s'",
        "$(id); rm -rf / #|'$(id); rm -rf / #'", "`id`|'`id`'", "a b\\c|'a b\\c'"})
    void eachValueIsOneWord(String value, String quoted) {
        assertEquals(quoted, Gcloud.quote(value));
    }

    @Test
    void anEmptyValueIsAnEmptyWord() {
        assertEquals("''", Gcloud.quote(""));
    }

    @Test
    void flagsFromTheChecksAreQuotedAtTheirValue() {
        assertEquals("gcloud container node-pools create batch-mg --cluster=payments --location=europe-west1-b"
                + " --project=acme-prod --workload-metadata=GKE_METADATA --metadata='x=$(id)' --enable-autoupgrade",
                Gcloud.createPool(POOL, "batch-mg", List.of("--workload-metadata=GKE_METADATA", "--metadata=x=$(id)",
                        "--enable-autoupgrade")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch;rm -rf /", "Batch", "batch-", "b`id`", "a-very-long-node-pool-name-of-forty-one-c"})
    void aNewPoolNameOutsideGkesRulesNeverReachesACommand(String name) {
        assertThrows(IllegalArgumentException.class, () -> Gcloud.createPool(POOL, name, List.of()));
    }

    @Test
    void kubectlSelectorsAndDisplayNamesAreQuotedWhereTheyNeedIt() {
        assertEquals(List.of(
                "gcloud container clusters get-credentials payments --location=europe-west1-b --project=acme-prod",
                "kubectl cordon --selector=cloud.google.com/gke-nodepool=batch",
                "kubectl drain --selector=cloud.google.com/gke-nodepool=batch --ignore-daemonsets --delete-emptydir-data"),
                Gcloud.moveWorkloads(POOL));
        assertEquals("gcloud iam service-accounts create metadata-guard-nodes --project=acme-prod"
                + " --display-name='GKE nodes (least privilege)'",
                Gcloud.createServiceAccount("acme-prod", "metadata-guard-nodes", "GKE nodes (least privilege)"));
    }

    @Test
    void poolCommandsAreBuiltFromNamesGkeAllowsOnly() {
        assertThrows(IllegalArgumentException.class, () -> ResourceRef.cluster("acme-prod", "europe-west1-b", "pay$(id)"));
        assertThrows(IllegalArgumentException.class, () -> POOL.clusterRef().withNodePool("b'; rm -rf /"));
        assertEquals(List.of(Gcloud.getCredentials(POOL), Gcloud.cordon(POOL), Gcloud.drain(POOL)), Gcloud.moveWorkloads(POOL));
    }
}
