package dev.metadataguard.event;

import java.util.Optional;
import java.util.regex.Pattern;

/** The ClusterManager methods the guard acts on, whatever API version the caller used. */
public enum Verb {
    CREATE_CLUSTER("CreateCluster"),
    CREATE_NODE_POOL("CreateNodePool"),
    UPDATE_CLUSTER("UpdateCluster"),
    UPDATE_NODE_POOL("UpdateNodePool"),
    /** A hint that a resource is gone: the inspector re-reads it before it resolves a ticket. */
    DELETE_CLUSTER("DeleteCluster"),
    DELETE_NODE_POOL("DeleteNodePool");

    private static final String PREFIX = "google.container.";
    private static final String SERVICE = ".ClusterManager.";
    /** Compiled once: every event's method name is read against it, the irrelevant ones included. */
    private static final Pattern VERSION = Pattern.compile("v1(alpha1|beta1)?");

    private final String methodSuffix;

    Verb(String methodSuffix) {
        this.methodSuffix = methodSuffix;
    }

    public String methodSuffix() {
        return methodSuffix;
    }

    /** True for verbs whose audit entry names a node pool rather than a whole cluster. */
    public boolean targetsNodePool() {
        return this == CREATE_NODE_POOL || this == UPDATE_NODE_POOL || this == DELETE_NODE_POOL;
    }

    /** True for verbs that remove what they name, so there is nothing left to evaluate. */
    public boolean deletes() {
        return this == DELETE_CLUSTER || this == DELETE_NODE_POOL;
    }

    /** The method names the guard handles, e.g. for the Log Router filter: {@code CreateCluster, ...}. */
    public static String suffixes() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Verb::methodSuffix).toList());
    }

    /**
     * The verb of a method name such as {@code google.container.v1beta1.ClusterManager.CreateNodePool}.
     * Empty for every other ClusterManager method and for any other service.
     */
    public static Optional<Verb> ofMethod(String methodName) {
        return apiVersionOf(methodName).flatMap(version -> {
            String name = methodName.substring(PREFIX.length() + version.length() + SERVICE.length());
            for (Verb verb : values()) {
                if (verb.methodSuffix.equals(name)) {
                    return Optional.of(verb);
                }
            }
            return Optional.empty();
        });
    }

    /** The version segment ({@code v1}, {@code v1beta1}, ...) of a ClusterManager method name. */
    public static Optional<String> apiVersionOf(String methodName) {
        if (methodName == null || !methodName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int service = methodName.indexOf(SERVICE, PREFIX.length());
        if (service < 0) {
            return Optional.empty();
        }
        String version = methodName.substring(PREFIX.length(), service);
        return VERSION.matcher(version).matches() ? Optional.of(version) : Optional.empty();
    }
}
