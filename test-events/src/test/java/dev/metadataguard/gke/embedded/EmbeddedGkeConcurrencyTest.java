package dev.metadataguard.gke.embedded;

import static dev.metadataguard.gke.embedded.GkeTestBed.ZONAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.container.v1.Cluster;
import com.google.container.v1.NodePool;
import dev.metadataguard.api.ApiFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedGkeConcurrencyTest {

    private static final int THREADS = 8;

    private final GkeTestBed bed = new GkeTestBed();

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void concurrentCreatesOfOnePoolLetExactlyOneThrough() throws Exception {
        bed.embedded.seed(ZONAL.name(), Cluster.getDefaultInstance());
        NodePool spec = NodePool.newBuilder().setName("replacement").setInitialNodeCount(1).build();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<String>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        bed.gke.createNodePool(ZONAL, spec);
                        return "CREATED";
                    } catch (ApiFailure failure) {
                        return failure.kind().name();
                    }
                }));
            }
            start.countDown();
            List<String> kinds = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                kinds.add(outcome.get());
            }
            Map<String, Long> counts = kinds.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

            assertEquals(1L, counts.get("CREATED"), kinds::toString);
            assertTrue(Set.of("CREATED", "ALREADY_EXISTS", "BUSY").containsAll(kinds), kinds::toString);
            assertEquals(THREADS, bed.embedded.calls("CreateNodePool"));
            assertEquals(2, bed.gke.getCluster(ZONAL).getNodePoolsCount());
        } finally {
            pool.shutdownNow();
        }
    }
}
