package dev.metadataguard.gke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.container.v1.ClusterManagerGrpc;
import com.google.container.v1.ClusterServiceProto;
import com.google.container.v1.NodePool;
import com.google.container.v1.WorkloadMetadataConfig;
import dev.metadataguard.api.ApiFailure;
import dev.metadataguard.event.ResourceRef;
import dev.metadataguard.gke.embedded.EmbeddedGke;
import io.grpc.MethodDescriptor;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GkeCall} against what the client really sends: each {@link Gke} method is called on the embedded
 * GKE, and the REST method it names must be the one the container v1 proto's {@code google.api.http} rule
 * gives the gRPC method that arrived (the name audit logs and failures use).
 */
class GkeCallTest {

    private static final ResourceRef CLUSTER = ResourceRef.cluster("p1", "europe-west1-b", "c1");
    private static final ResourceRef POOL = CLUSTER.withNodePool("np");
    /** {@code /v1/{name=projects/x/locations/x/clusters/x}/nodePools:verb}: the template, a collection, a verb. */
    private static final Pattern PATH = Pattern.compile("/v1/\\{\\w+=([^}]*)}(/[a-zA-Z]+)?(?::(\\w+))?");

    private final EmbeddedGke embedded = EmbeddedGke.inProcess();
    private final ContainerGke gke = ContainerGke.connect(embedded.channel());

    @AfterEach
    void close() {
        gke.close();
        embedded.close();
    }

    @Test
    void everyGkeMethodHasItsRow() {
        Set<String> methods = Arrays.stream(Gke.class.getDeclaredMethods()).map(Method::getName).collect(Collectors.toSet());

        assertEquals(methods, GkeCall.permissionsByMethod().keySet());
    }

    @Test
    void eachRowNamesTheRestMethodOfTheCallTheClientMakes() {
        for (GkeCall call : GkeCall.values()) {
            String grpcMethod = sentBy(call);
            assertEquals(restMethod(grpcMethod), call.restMethod(), call + " sends " + grpcMethod);
        }
    }

    /** The gRPC method that reached the embedded GKE when the guard made {@code call}. */
    private String sentBy(GkeCall call) {
        List<String> methods = ClusterManagerGrpc.getServiceDescriptor().getMethods().stream()
                .map(MethodDescriptor::getBareMethodName).toList();
        Map<String, Integer> before = methods.stream().collect(Collectors.toMap(m -> m, embedded::calls));
        try {
            invoke(call).apply(gke);
        } catch (ApiFailure expected) {
            // Nothing is seeded: NOT_FOUND is an answer too, and the call was made.
        }
        List<String> sent = methods.stream().filter(m -> embedded.calls(m) > before.get(m)).toList();
        assertEquals(1, sent.size(), call + " sent " + sent);
        return sent.get(0);
    }

    private static Function<Gke, Object> invoke(GkeCall call) {
        return switch (call) {
            case GET_CLUSTER -> gke -> gke.getCluster(CLUSTER);
            case LIST_CLUSTERS -> gke -> gke.listClusters("p1");
            case GET_NODE_POOL -> gke -> gke.getNodePool(POOL);
            // The v1beta1 GetNodePool: the embedded GKE counts it under the same method name.
            case GET_NODE_METADATA -> gke -> gke.getNodeMetadata(POOL);
            case CREATE_NODE_POOL -> gke -> gke.createNodePool(CLUSTER, NodePool.newBuilder().setName("np2")
                    .setInitialNodeCount(1).build());
            case GET_SERVER_CONFIG -> gke -> gke.getServerConfig("p1", "europe-west1-b");
            case GET_OPERATION -> gke -> gke.getOperation("p1", "europe-west1-b", "operation-1");
            case SET_NODE_POOL_WORKLOAD_METADATA -> gke -> gke.setNodePoolWorkloadMetadata(POOL,
                    WorkloadMetadataConfig.newBuilder().setMode(WorkloadMetadataConfig.Mode.GKE_METADATA).build());
            case SET_NODE_POOL_SIZE -> gke -> gke.setNodePoolSize(POOL, 0);
            case DELETE_NODE_POOL -> gke -> gke.deleteNodePool(POOL);
            case SET_CLUSTER_AUTOSCALING -> gke -> gke.setClusterAutoscaling(CLUSTER,
                    com.google.container.v1.ClusterAutoscaling.getDefaultInstance(), "");
            case ENABLE_WORKLOAD_IDENTITY -> gke -> gke.enableWorkloadIdentity(CLUSTER, "p1.svc.id.goog");
        };
    }

    /**
     * The REST method name Google gives a gRPC method: {@code container.} and the collections of its HTTP path,
     * then its custom verb, or the standard one of its HTTP verb (GET get, GET on a collection list, POST on a
     * collection create, PUT update, DELETE delete), and get + its name for a singleton.
     */
    private static String restMethod(String grpcMethod) {
        HttpRule rule = ClusterServiceProto.getDescriptor().findServiceByName("ClusterManager")
                .findMethodByName(grpcMethod).getOptions().getExtension(AnnotationsProto.http);
        String path = switch (rule.getPatternCase()) {
            case GET -> rule.getGet();
            case POST -> rule.getPost();
            case PUT -> rule.getPut();
            case DELETE -> rule.getDelete();
            default -> throw new AssertionError(grpcMethod + " has no HTTP verb the guard uses: " + rule);
        };
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw new AssertionError(grpcMethod + ": unexpected path " + path);
        }
        String collections = Arrays.stream(m.group(1).split("/")).filter(s -> !s.equals("*"))
                .collect(Collectors.joining("."));
        if (rule.getPatternCase() == HttpRule.PatternCase.GET && m.group(2) != null && !m.group(2).endsWith("s")) {
            // A singleton (AIP-156), such as serverConfig: its getter is a custom method of the parent.
            String singleton = m.group(2).substring(1);
            return "container." + collections + ".get" + Character.toUpperCase(singleton.charAt(0)) + singleton.substring(1);
        }
        if (m.group(2) != null) {
            collections += "." + m.group(2).substring(1);
        }
        String verb = m.group(3) != null ? m.group(3) : switch (rule.getPatternCase()) {
            case GET -> m.group(2) != null ? "list" : "get"; // GET on a collection lists it (AIP-132)
            case POST -> "create";
            case PUT -> "update";
            default -> "delete";
        };
        return "container." + collections + "." + verb;
    }
}
