package dev.metadataguard.gke;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.GetInstanceGroupManagerRequest;
import com.google.cloud.compute.v1.InstanceGroupManager;
import com.google.cloud.compute.v1.InstanceGroupManagersClient;
import com.google.cloud.compute.v1.InstanceGroupManagersSettings;
import dev.metadataguard.google.GaxFailures;
import dev.metadataguard.google.GoogleClients;
import dev.metadataguard.google.LazyClient;
import dev.metadataguard.runtime.Environment;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link InstanceGroups} over the real {@code google-cloud-compute} client (REST, the only transport it
 * has), built on first use, one attempt per call ({@link GoogleClients#noRetries}).
 */
public final class ComputeInstanceGroups implements InstanceGroups, AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final LazyClient<InstanceGroupManagersClient> client;

    private ComputeInstanceGroups(Optional<String> plainHttpEndpoint) {
        this.client = new LazyClient<>("compute", () -> {
            InstanceGroupManagersSettings.Builder settings = InstanceGroupManagersSettings.newBuilder();
            // gax's REST transport keeps an endpoint that names its scheme (http://...) and prefixes
            // https:// to one that does not, so a loopback test server is reached in plain HTTP.
            plainHttpEndpoint.ifPresent(endpoint -> settings.setEndpoint(endpoint)
                    .setCredentialsProvider(NoCredentialsProvider.create()));
            return InstanceGroupManagersClient.create(settings.applyToAllUnaryMethods(GoogleClients.noRetries(DEADLINE))
                    .build());
        });
    }

    /** The loopback Compute Engine that {@link Environment#COMPUTE_ENDPOINT} names, else {@link #production}. */
    public static ComputeInstanceGroups fromEnvironment(Environment env) {
        return env.get(Environment.COMPUTE_ENDPOINT).map(ComputeInstanceGroups::forEndpoint)
                .orElseGet(ComputeInstanceGroups::production);
    }

    /** Production: Google default credentials, {@code compute.googleapis.com}. */
    public static ComputeInstanceGroups production() {
        return new ComputeInstanceGroups(Optional.empty());
    }

    /** Plain HTTP, without credentials, to {@code http://host:port}: only for a loopback embedded Compute Engine. */
    public static ComputeInstanceGroups forEndpoint(String httpEndpoint) {
        if (!httpEndpoint.startsWith("http://127.0.0.1:") && !httpEndpoint.startsWith("http://localhost:")) {
            throw new IllegalArgumentException("a plain-HTTP Compute endpoint must be on loopback (http://127.0.0.1:PORT), got "
                    + httpEndpoint);
        }
        return new ComputeInstanceGroups(Optional.of(httpEndpoint));
    }

    @Override
    public Group get(GroupRef group) {
        InstanceGroupManager manager;
        try {
            manager = client.get().get(GetInstanceGroupManagerRequest.newBuilder()
                    .setProject(group.project())
                    .setZone(group.zone())
                    .setInstanceGroupManager(group.name())
                    .build());
        } catch (ApiException e) {
            throw GaxFailures.failure(GaxFailures.kindOf(e), CALL, group.toString(), e);
        }
        return new Group(group, manager.getTargetSize(), manager.getStatus().getIsStable());
    }

    @Override
    public void close() {
        client.close();
    }
}
