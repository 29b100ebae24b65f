package dev.metadataguard.bench;

import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks (each in its own forked JVM) and prints their figures: microseconds per
 * event and events per second per core for decoding, microseconds and bytes allocated per event for
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

        Figures.title("decode and classify one event (one thread; sampled per event, median and mean)");
        for (RunResult run : decode) {
            double median = median(run);
            Figures.row(method(run), Figures.decimal(median, "us") + " (mean " + Figures.decimal(mean(run), "us")
                    + ")  = " + Figures.decimal(1e6 / median, "events/s"));
        }
        Figures.title("decode + evaluate one relevant event, GKE and IAM answers in hand (median, mean, allocated)");
        for (RunResult run : evaluate) {
            Result<?> allocated = run.getSecondaryResults().get("gc.alloc.rate.norm");
            Figures.row(run.getParams().getParam("event"), Figures.decimal(median(run), "us") + " (mean "
                    + Figures.decimal(mean(run), "us") + ")  " + Figures.decimal(allocated.getScore(), "B/event"));
        }
    }

    private static double median(RunResult run) {
        return run.getPrimaryResult().getStatistics().getPercentile(50);
    }

    private static double mean(RunResult run) {
        return run.getPrimaryResult().getStatistics().getMean();
    }

    private static String method(RunResult run) {
        String benchmark = run.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }
}
