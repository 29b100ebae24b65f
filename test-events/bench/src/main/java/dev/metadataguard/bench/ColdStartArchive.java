package dev.metadataguard.bench;

import dev.metadataguard.gke.embedded.EmbeddedGke;
import dev.metadataguard.testing.FreePort;
import dev.metadataguard.testing.TestEvents;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Cold start as deployed ({@code java -jar} invoker with {@code --classpath} the function's deploy jar,
 * the heap sized as the runtime's launcher sizes it for 512 MiB), and what the JVM's own levers do to it:
 * an application class-data-sharing archive made by a training run over the test events, C1-only
 * compilation, and both. Every case runs {@value #RUNS} times, interleaved; medians count, as ratios to
 * the empty function started the same way.
 *
 * <p>Arguments: the audit-inspector's deploy jar ({@code functions/audit-inspector/target/deploy/}), then the
 * CPU each set of runs gets: {@code full}, or a share of one CPU such as {@code 0.333}, what a 512 MiB
 * function gets by default ({@link CpuQuota}); {@code full} alone when none is given.
 */
public final class ColdStartArchive {

    private static final int RUNS = 7;
    /** What the runtime's launcher sets when JAVA_TOOL_OPTIONS is unset, for a 512 MiB function. */
    static final List<String> MEMORY = List.of("-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=70");
    private static final List<String> EVENTS = List.of(ColdStart.IGNORED, ColdStart.COMPLIANT, ColdStart.VIOLATION);

    private ColdStartArchive() {
    }

    /** A set of JVM options, beside the memory ones. */
    private record Variant(String label, List<String> options) {
    }

    /** One start: which function, under which variant, with which first event. */
    private record Case(Variant variant, String classpath, String target, String event) {
        String label() {
            return variant.label() + ", " + event;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !Files.isRegularFile(Path.of(args[0]))) {
            throw new IllegalArgumentException("usage: ColdStartArchive DEPLOY_JAR [full|VCPUS]... (the jar is"
                    + " functions/audit-inspector/target/deploy/audit-inspector.jar, built by mvn package; VCPUS such as"
                    + " 0.333 runs every JVM under that CPU quota)");
        }
        List<String> cpus = args.length == 1 ? List.of("full") : Arrays.asList(args).subList(1, args.length);
        String deployJar = Path.of(args[0]).toAbsolutePath().toString();
        Path work = Files.createTempDirectory("cold-start-archive-");
        Path archive = work.resolve("audit-inspector.jsa");
        String emptyClasspath = Path.of(EmptyFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();

        try (EmbeddedGke gke = EmbeddedGke.loopback()) {
            Guard.seed(gke, Guard.rawEntries());
            Map<String, String> env = Guard.functionEnvironment(gke, "cold-archive");
            Map<String, Integer> training = train(deployJar, archive, env);
            String use = "-XX:SharedArchiveFile=" + archive;
            List<Variant> variants = List.of(
                    new Variant("as deployed", List.of()),
                    new Variant("archive", List.of("-Xshare:auto", use)),
                    new Variant("archive + TieredStopAtLevel=1", List.of("-Xshare:auto", use, "-XX:TieredStopAtLevel=1")),
                    new Variant("TieredStopAtLevel=1 alone", List.of("-XX:TieredStopAtLevel=1")));
            Case baseline = new Case(variants.get(0), emptyClasspath, EmptyFunction.class.getName(), ColdStart.COMPLIANT);
            List<Case> cases = new ArrayList<>(List.of(baseline));
            for (Variant v : variants) {
                EVENTS.forEach(event -> cases.add(new Case(v, deployJar, ColdStart.INSPECTOR, event)));
            }
            int[] archived = archivedShare(deployJar, use, env, work.resolve("classes.log"));
            for (String cpu : cpus) {
                try (CpuQuota quota = cpu.equals("full") ? CpuQuota.NONE : CpuQuota.of(Double.parseDouble(cpu))) {
                    measure(quota, training, archive, archived, variants, baseline, cases, env);
                }
            }
        } finally {
            try (Stream<Path> files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    /** Every case {@value #RUNS} times, interleaved, each JVM under {@code quota}; then the table. */
    private static void measure(CpuQuota quota, Map<String, Integer> training, Path archive, int[] archived,
            List<Variant> variants, Case baseline, List<Case> cases, Map<String, String> env) throws Exception {
        Map<Case, long[]> millis = new LinkedHashMap<>();
        cases.forEach(c -> millis.put(c, new long[RUNS]));
        List<String> loads = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            loads.add(loadAverage());
            System.err.printf(Locale.ROOT, "bench: cold-start-cds at %s, round %d of %d (%d starts), load average %s%n",
                    quota.label(), run + 1, RUNS, cases.size(), loads.get(run));
            for (Case c : cases) {
                millis.get(c)[run] = firstAnswer(c, env, quota);
            }
        }
        loads.add(loadAverage());
        print(quota, training, archive, archived, variants, baseline, cases, millis);
        Figures.row("load average (1, 5, 15 min) at each round and at the end", String.join(" | ", loads));
    }

    /**
     * The training run: the deploy jar under the invoker with {@code -XX:ArchiveClassesAtExit}, every raw
     * test event posted to it, then SIGTERM, on which the JVM writes the archive. The answers by status.
     */
    private static Map<String, Integer> train(String deployJar, Path archive, Map<String, String> env) throws Exception {
        Map<String, Integer> answers = new TreeMap<>();
        int port = FreePort.find();
        try (InvokerRun invoker = InvokerRun.start("training run",
                command(List.of("-XX:ArchiveClassesAtExit=" + archive), deployJar, ColdStart.INSPECTOR, port), port, env)) {
            int n = 0;
            for (byte[] entry : Guard.rawEntries()) {
                answers.merge("HTTP " + invoker.post("training-" + n++, entry), 1, Integer::sum);
            }
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run wrote no archive at " + archive);
        }
        return answers;
    }

    /**
     * One untimed start with the archive and class loading logged, up to a compliant pool's answer: how many
     * of the classes loaded came from the application archive, and how many were loaded in all.
     */
    private static int[] archivedShare(String deployJar, String use, Map<String, String> env, Path log) throws Exception {
        int port = FreePort.find();
        List<String> options = List.of("-Xshare:auto", use, "-Xlog:class+load:file=" + log);
        try (InvokerRun invoker = InvokerRun.start("archive check", command(options, deployJar, ColdStart.INSPECTOR, port),
                port, env)) {
            invoker.firstAnswerMillis(TestEvents.bytes(ColdStart.COMPLIANT));
        }
        List<String> lines = Files.readAllLines(log);
        int top = (int) lines.stream().filter(l -> l.contains("source: shared objects file (top)")).count();
        if (top == 0) {
            throw new IllegalStateException("the JVM refused the archive it had just written: " + use);
        }
        return new int[] {top, lines.size()};
    }

    private static long firstAnswer(Case c, Map<String, String> env, CpuQuota quota) throws Exception {
        int port = FreePort.find();
        try (InvokerRun invoker = InvokerRun.start(c.label(),
                quota.wrap(command(c.variant().options(), c.classpath(), c.target(), port)), port, env)) {
            return invoker.firstAnswerMillis(TestEvents.bytes(c.event()));
        }
    }

    /** The runtime's command line: {@code java [options] -jar invoker.jar --classpath CLASSPATH --target T}. */
    private static List<String> command(List<String> options, String classpath, String target, int port) {
        List<String> command = new ArrayList<>(List.of(InvokerRun.java()));
        command.addAll(MEMORY);
        command.addAll(options);
        command.addAll(List.of("-jar", invokerJar(), "--classpath", classpath, "--target", target,
                "--port", String.valueOf(port)));
        return command;
    }

    private static String invokerJar() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("java-function-invoker")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no java-function-invoker jar on the class path"));
    }

    private static void print(CpuQuota quota, Map<String, Integer> training, Path archive, int[] archived,
            List<Variant> variants, Case baseline, List<Case> cases, Map<Case, long[]> millis) throws Exception {
        Figures.title("cold start as deployed (java -jar invoker --classpath deploy jar, " + String.join(" ", MEMORY)
                + "), at " + quota.label() + ", " + RUNS + " interleaved runs each (median)");
        Figures.row("training run: raw test events posted", training.toString());
        Figures.row("archive", Figures.decimal(Files.size(archive) / 1048576.0, "MiB") + ", " + archived[0] + " of "
                + archived[1] + " classes loaded up to a compliant pool's answer came from it");
        double base = InvokerRun.median(millis.get(baseline));
        Figures.row("empty function (baseline), as deployed", Figures.decimal(base, "ms") + "  runs "
                + Arrays.toString(millis.get(baseline)));
        System.out.println();
        System.out.printf(Locale.ROOT, "  | variant | event of another method | compliant pool | violation (+ publish) |%n");
        System.out.printf(Locale.ROOT, "  | --- | ---: | ---: | ---: |%n");
        for (Variant v : variants) {
            StringBuilder row = new StringBuilder("  | " + v.label() + " |");
            for (String event : EVENTS) {
                double median = InvokerRun.median(millis.get(find(cases, v, event)));
                row.append(String.format(Locale.ROOT, " %s ms, %.2fx |", Figures.decimal(median, ""), median / base));
            }
            System.out.println(row);
        }
        System.out.println();
        for (Case c : cases) {
            if (c != baseline) {
                Figures.row(c.label(), "runs " + Arrays.toString(millis.get(c)));
            }
        }
    }

    private static String loadAverage() throws IOException {
        return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }

    private static Case find(List<Case> cases, Variant variant, String event) {
        return cases.stream().filter(c -> c.variant() == variant && c.event().equals(event)
                && c.target().equals(ColdStart.INSPECTOR)).findFirst().orElseThrow();
    }
}
