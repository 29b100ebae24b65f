package dev.metadataguard.sweep;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.asset.v1.AssetServiceClient;
import com.google.cloud.asset.v1.AssetServiceSettings;
import com.google.cloud.asset.v1.ResourceSearchResult;
import com.google.cloud.asset.v1.SearchAllResourcesRequest;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.google.GaxFailures;
import dev.metadataguard.google.GoogleClients;
import dev.metadataguard.google.LazyClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Cloud Asset Inventory {@code SearchAllResources} over the scope (an organisation, folder or project),
 * for asset type {@code container.googleapis.com/Cluster}: one page of at most 500 (the API's cap) at a
 * time, each handed on before the next is read. Needs {@code cloudasset.assets.searchAllResources} on
 * the scope.
 */
public final class AssetInventoryDiscovery implements ClusterDiscovery {

    static final String CLUSTER_TYPE = "container.googleapis.com/Cluster";
    static final int PAGE_SIZE = 500;
    static final String CALL = "cloudasset.searchAllResources";
    private static final Logger LOG = Logger.getLogger(AssetInventoryDiscovery.class.getName());

    /** One page of 500 clusters is a few hundred kilobytes; a minute is ample. */
    private static final java.time.Duration DEADLINE = java.time.Duration.ofSeconds(60);

    private final LazyClient<AssetServiceClient> client;
    private final String scope;

    /** @param scope {@code organizations/N}, {@code folders/N} or {@code projects/P} */
    public AssetInventoryDiscovery(LazyClient<AssetServiceClient> client, String scope) {
        this.client = client;
        this.scope = scope;
    }

    /**
     * The real client, built on first use: to Cloud Asset Inventory with the function's credentials, or, when an
     * endpoint is given ({@code host:port}), plaintext without credentials to a local server (the embedded one
     * the end-to-end suite serves).
     */
    public static LazyClient<AssetServiceClient> client(Optional<String> endpoint) {
        return new LazyClient<>("cloudasset", () -> AssetServiceClient.create(configure(endpoint
                .map(hostAndPort -> AssetServiceSettings.newBuilder()
                        .setTransportChannelProvider(GoogleClients.plaintext(hostAndPort))
                        .setCredentialsProvider(NoCredentialsProvider.create()))
                .orElseGet(AssetServiceSettings::newBuilder)).build()));
    }

    /**
     * One attempt per call, under a deadline: a failure a retry can fix goes back to Pub/Sub, which
     * redelivers the sweep with backoff (the sweep's requests are idempotent), instead of waiting here.
     */
    public static AssetServiceSettings.Builder configure(AssetServiceSettings.Builder settings) {
        settings.applyToAllUnaryMethods(GoogleClients.noRetries(DEADLINE));
        return settings;
    }

    @Override
    public String source() {
        return "cloud-asset-inventory " + scope;
    }

    @Override
    public void discover(Consumer<List<ResourceRef>> page) {
        SearchAllResourcesRequest request = SearchAllResourcesRequest.newBuilder().setScope(scope)
                .addAssetTypes(CLUSTER_TYPE).setPageSize(PAGE_SIZE).build();
        try {
            for (var response : client.get().searchAllResources(request).iteratePages()) {
                List<ResourceRef> clusters = new ArrayList<>(response.getPageElementCount());
                for (ResourceSearchResult result : response.getValues()) {
                    // //container.googleapis.com/projects/P/(locations|zones)/L/clusters/C
                    ResourceRef.parse(result.getName()).filter(r -> !r.isNodePool()).ifPresentOrElse(clusters::add,
                            () -> LOG.warning(() -> "asset_skipped name=" + result.getName() + " reason=not a GKE cluster name"));
                }
                page.accept(clusters);
            }
        } catch (ApiException e) {
            if ("SERVICE_DISABLED".equals(e.getReason())) {
                throw new DiscoveryUnavailable("the Cloud Asset API is disabled: " + e.getMessage(), e);
            }
            throw GaxFailures.failure(GaxFailures.kindOf(e), CALL, scope, e);
        }
    }
}
