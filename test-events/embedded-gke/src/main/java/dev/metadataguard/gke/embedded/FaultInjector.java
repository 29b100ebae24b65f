package dev.metadataguard.gke.embedded;

import com.google.container.v1.ClusterManagerGrpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Counts every call per ClusterManager method (including those it fails), delays them, and fails
 * the next ones on request. Methods are named as in the proto: {@code GetCluster}, {@code CreateNodePool}.
 */
final class FaultInjector implements ServerInterceptor {

    private static final Set<String> METHODS = ClusterManagerGrpc.getServiceDescriptor().getMethods().stream()
            .map(MethodDescriptor::getBareMethodName)
            .collect(Collectors.toUnmodifiableSet());

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Duration> latency = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new HashMap<>();

    private record Fault(Status status, int remaining) {
    }

    synchronized void failNext(String method, Status.Code code, int times) {
        failNext(method, code, "injected fault on " + method, times);
    }

    synchronized void failNext(String method, Status.Code code, String description, int times) {
        if (code == Status.Code.OK || times < 1) {
            throw new IllegalArgumentException("a fault needs a non-OK code and at least one call, got " + code + " x" + times);
        }
        faults.put(known(method), new Fault(Status.fromCode(code).withDescription(description), times));
    }

    void latency(String method, Duration delay) {
        latency.put(known(method), delay);
    }

    int calls(String method) {
        AtomicInteger count = calls.get(known(method));
        return count == null ? 0 : count.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        pause(latency.getOrDefault(method, Duration.ZERO));
        Optional<Status> fault = takeFault(method);
        if (fault.isPresent()) {
            call.close(fault.get(), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    private synchronized Optional<Status> takeFault(String method) {
        Fault fault = faults.get(method);
        if (fault == null) {
            return Optional.empty();
        }
        if (fault.remaining() == 1) {
            faults.remove(method);
        } else {
            faults.put(method, new Fault(fault.status(), fault.remaining() - 1));
        }
        return Optional.of(fault.status());
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String known(String method) {
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("ClusterManager has no method " + method + "; expected one of " + METHODS);
        }
        return method;
    }
}
