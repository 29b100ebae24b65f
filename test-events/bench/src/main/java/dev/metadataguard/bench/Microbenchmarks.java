package dev.metadataguard.bench;

import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks (each in its own forked JVM) and prints their figures: events per second
 * per core and microseconds per event for decoding, microseconds and bytes allocated per event for
 * decode + evaluate.
 */
public final class Microbenchmarks {

    private Microbenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        Collection<RunResult> decode = new Runner(new OptionsBuilder()
                .include(DecodeBenchmark.class.getName() + "\\.").build()).run();
        Collection<RunResult> evaluate = new Runner(new OptionsBuilder()
                .include(EvaluateBenchmark.class.getName() + "\\.").addProfiler(GCProfiler.class).build()).run();

        Figures.title("decode and classify one event (one thread)");
        for (RunResult run : decode) {
            Result<?> score = run.getPrimaryResult();
            Figures.row(method(run), Figures.decimal(score.getScore(), "events/s") + " ± "
                    + Figures.decimal(score.getScoreError(), "") + " (" + Figures.decimal(1e6 / score.getScore(), "us/event") + ")");
        }
        Figures.title("decode + evaluate one relevant event, GKE and IAM answers in hand");
        for (RunResult run : evaluate) {
            Result<?> allocated = run.getSecondaryResults().get("gc.alloc.rate.norm");
            Result<?> time = run.getPrimaryResult();
            Figures.row(run.getParams().getParam("event"), Figures.decimal(time.getScore(), "us/event") + " ± "
                    + Figures.decimal(time.getScoreError(), "") + "  " + Figures.decimal(allocated.getScore(), "B/event"));
        }
    }

    private static String method(RunResult run) {
        String benchmark = run.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }
}
