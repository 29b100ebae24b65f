package dev.metadataguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs a process under a CPU quota, as a Cloud Functions instance runs: a 512 MiB function gets .333 vCPU
 * unless its deployment sets more (https://cloud.google.com/functions/docs/configuring/memory). The quota
 * is the kernel's CFS bandwidth control on a cgroup made for the bench: {@code cpu.cfs_quota_us} of every
 * {@code cpu.cfs_period_us} with cgroup v1's {@code cpu} controller, {@code cpu.max} with cgroup v2. A
 * process is put in the cgroup by the shell that then {@code exec}s it, so nothing runs outside the quota.
 *
 * @param vcpus the share of one CPU, e.g. 0.333; {@link #NONE} runs unthrottled
 */
record CpuQuota(double vcpus, Optional<Path> cgroup) implements AutoCloseable {

    static final CpuQuota NONE = new CpuQuota(0, Optional.empty());
    private static final int PERIOD_MICROS = 100_000;
    private static final Path V1 = Path.of("/sys/fs/cgroup/cpu");
    private static final Path V2 = Path.of("/sys/fs/cgroup");

    /**
     * A cgroup limited to {@code vcpus} CPUs.
     *
     * @throws IllegalStateException saying why when the CPU controller cannot be written here (not root, or
     *                               no cgroup v1 cpu controller nor a cgroup v2 hierarchy with cpu)
     */
    static CpuQuota of(double vcpus) throws IOException {
        if (!(vcpus > 0 && vcpus <= 64)) {
            throw new IllegalArgumentException("a CPU quota is a share of CPUs between 0 and 64, got " + vcpus);
        }
        long quota = Math.round(vcpus * PERIOD_MICROS);
        String name = "metadata-guard-bench-" + ProcessHandle.current().pid() + "-" + quota;
        if (Files.isWritable(V1.resolve("cpu.cfs_quota_us"))) {
            Path group = Files.createDirectories(V1.resolve(name));
            Files.writeString(group.resolve("cpu.cfs_period_us"), String.valueOf(PERIOD_MICROS));
            Files.writeString(group.resolve("cpu.cfs_quota_us"), String.valueOf(quota));
            return new CpuQuota(vcpus, Optional.of(group));
        }
        if (Files.isRegularFile(V2.resolve("cgroup.controllers"))
                && Files.readString(V2.resolve("cgroup.subtree_control")).contains("cpu")
                && Files.isWritable(V2.resolve("cgroup.subtree_control"))) {
            Path group = Files.createDirectories(V2.resolve(name));
            Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_MICROS);
            return new CpuQuota(vcpus, Optional.of(group));
        }
        throw new IllegalStateException("cannot run under a CPU quota here: neither " + V1.resolve("cpu.cfs_quota_us")
                + " (cgroup v1) nor " + V2.resolve("cgroup.subtree_control") + " with the cpu controller (cgroup v2) is"
                + " writable; run the bench as root on a machine whose cgroups it may write, or at full CPU only"
                + " (MG_BENCH_CPUS=full test-events/bench/run cold-start-cds)");
    }

    /** {@code command}, started inside the cgroup when there is one. */
    List<String> wrap(List<String> command) {
        if (cgroup.isEmpty()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                "echo $$ > \"$0\" && exec \"$@\"", cgroup.get().resolve("cgroup.procs").toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    String label() {
        return cgroup.isEmpty() ? "full CPU (" + Runtime.getRuntime().availableProcessors() + " cores)"
                : String.format(Locale.ROOT, "%.3f vCPU (CFS quota)", vcpus);
    }

    /** Removes the cgroup; the kernel refuses while a process still runs in it, which would be a leak to see. */
    @Override
    public void close() throws IOException {
        if (cgroup.isPresent()) {
            Files.delete(cgroup.get());
        }
    }
}
