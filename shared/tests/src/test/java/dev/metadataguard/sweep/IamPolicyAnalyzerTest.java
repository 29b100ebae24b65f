package dev.metadataguard.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.asset.v1.AnalyzeIamPolicyRequest;
import com.google.cloud.asset.v1.AnalyzeIamPolicyResponse;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.IamPolicyAnalysisQuery;
import com.google.cloud.asset.v1.IamPolicyAnalysisResult;
import com.google.rpc.BadRequest;
import dev.metadataguard.iam.IamFixture;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded Asset service's {@code AnalyzeIamPolicy} refuses what asset_service.proto forbids, and scopes as the docs say. */
class IamPolicyAnalyzerTest {

    private static final String ORG = "organizations/417000";
    private static final String ETL_NODES = "serviceAccount:etl-nodes@acme-prod.iam.gserviceaccount.com";

    private final EmbeddedAssetService assets = EmbeddedAssetService.inProcess(project -> List.of());
    private AssetServiceClient client;

    @BeforeEach
    void organisation() {
        assets.iam(IamFixture.read("acme-org-analyzer.json"), ORG);
        client = assets.client().get();
    }

    @AfterEach
    void close() {
        assets.close();
    }

    private static AnalyzeIamPolicyRequest request(UnaryOperator<IamPolicyAnalysisQuery.Builder> change) {
        IamPolicyAnalysisQuery.Builder query = IamPolicyAnalysisQuery.newBuilder().setScope(ORG)
                .setResourceSelector(IamPolicyAnalysisQuery.ResourceSelector.newBuilder()
                        .setFullResourceName("//cloudresourcemanager.googleapis.com/projects/acme-prod"))
                .setIdentitySelector(IamPolicyAnalysisQuery.IdentitySelector.newBuilder().setIdentity(ETL_NODES));
        return AnalyzeIamPolicyRequest.newBuilder().setAnalysisQuery(change.apply(query)).build();
    }

    private BadRequest.FieldViolation refused(AnalyzeIamPolicyRequest request) {
        ApiException e = assertThrows(ApiException.class, () -> client.analyzeIamPolicy(request));
        assertEquals(StatusCode.Code.INVALID_ARGUMENT, e.getStatusCode().getCode());
        assertTrue(e.getMessage().contains("Some specified value(s) are invalid."), e.getMessage());
        return e.getErrorDetails().getBadRequest().getFieldViolations(0);
    }

    @Test
    void aQueryWithoutScopeIsRefused() {
        BadRequest.FieldViolation v = refused(request(q -> q.clearScope()));
        assertEquals("analysis_query.scope", v.getField());
        assertEquals("Required. The relative name of the root asset.", v.getDescription());

        assertEquals("analysis_query.scope", refused(request(q -> q.setScope("organisations/417000"))).getField());
        assertEquals("analysis_query", refused(AnalyzeIamPolicyRequest.getDefaultInstance()).getField());
    }

    @Test
    void aQueryWithoutIdentityIsRefused() {
        assertEquals("analysis_query.identity_selector", refused(request(q -> q.clearIdentitySelector())).getField());
        assertEquals("analysis_query.identity_selector.identity", refused(request(q -> q.setIdentitySelector(
                IamPolicyAnalysisQuery.IdentitySelector.getDefaultInstance()))).getField());
        BadRequest.FieldViolation wildcard = refused(request(q -> q.setIdentitySelector(
                IamPolicyAnalysisQuery.IdentitySelector.newBuilder().setIdentity("serviceAccount:*@acme-prod.iam.gserviceaccount.com"))));
        assertTrue(wildcard.getDescription().startsWith("Notice that wildcard characters"), wildcard.getDescription());
    }

    @Test
    void expandGroupsBesideAnIdentityIsRefused() {
        BadRequest.FieldViolation v = refused(request(q -> q.setOptions(
                IamPolicyAnalysisQuery.Options.newBuilder().setExpandGroups(true))));
        assertEquals("analysis_query.options.expand_groups", v.getField());
        assertTrue(v.getDescription().endsWith("this flag is not allowed to set."), v.getDescription());
    }

    @Test
    void aScopeTheCallerMayNotAnalyseIsDenied() {
        ApiException e = assertThrows(ApiException.class,
                () -> client.analyzeIamPolicy(request(q -> q.setScope("organizations/1"))));
        assertEquals(StatusCode.Code.PERMISSION_DENIED, e.getStatusCode().getCode());
    }

    @Test
    void onlyPoliciesAtAndBelowTheScopeAreAnalysed() {
        AnalyzeIamPolicyResponse org = client.analyzeIamPolicy(request(q -> q.setOptions(
                IamPolicyAnalysisQuery.Options.newBuilder().setOutputGroupEdges(true))));
        assertEquals(List.of("//cloudresourcemanager.googleapis.com/projects/acme-prod",
                        "//cloudresourcemanager.googleapis.com/projects/acme-prod",
                        "//cloudresourcemanager.googleapis.com/projects/acme-prod",
                        "//cloudresourcemanager.googleapis.com/folders/2024",
                        "//cloudresourcemanager.googleapis.com/folders/2024"),
                org.getMainAnalysis().getAnalysisResultsList().stream()
                        .map(IamPolicyAnalysisResult::getAttachedResourceFullName).toList());
        IamPolicyAnalysisResult nested = org.getMainAnalysis().getAnalysisResults(3);
        assertEquals("roles/compute.admin", nested.getIamBinding().getRole());
        assertEquals(List.of("group:platform@acme.example -> group:node-operators@acme.example",
                        "group:node-operators@acme.example -> " + ETL_NODES),
                nested.getIdentityList().getGroupEdgesList().stream()
                        .map(edge -> edge.getSourceNode() + " -> " + edge.getTargetNode()).toList());

        assets.iam(IamFixture.read("acme-org-analyzer.json"), "projects/acme-prod");
        AnalyzeIamPolicyResponse project = client.analyzeIamPolicy(request(q -> q.setScope("projects/acme-prod")));
        assertEquals(3, project.getMainAnalysis().getAnalysisResultsCount(), "the folder's bindings are above the scope");
    }
}
