package dev.progressivebackoff.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The arms of {@link LoopbackThroughputBenchmark} measured in short interleaved slices in one JVM, after a
 * long warm-up: on a shared machine a JMH run measures each arm in its own stretch of time (and, with short
 * warm-ups, mostly the JIT's progress), while here every round runs each arm once, back to back, and the
 * median of the per-round ratios to the raw arm is reported. Run with
 * {@code java -Dsun.net.httpserver.nodelay=true -cp benchmarks/target/benchmarks.jar
 * dev.progressivebackoff.benchmarks.LoopbackInterleaved [rounds] [slice ms] [warm-up ms]}.
 */
public final class LoopbackInterleaved {

    private static final int THREADS = 4;

    private LoopbackInterleaved() {}

    /** One request of an arm. */
    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    /**
     * Runs the rounds and prints each arm's median rate and its median ratio to raw HttpClient5.
     *
     * @param args rounds (24), slice milliseconds (1000), warm-up milliseconds (20000)
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        long sliceMs = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        long warmUpMs = args.length > 2 ? Long.parseLong(args[2]) : 20_000;
        LoopbackThroughputBenchmark bench = new LoopbackThroughputBenchmark();
        bench.start();
        Map<String, Call> arms = new LinkedHashMap<>();
        arms.put("raw HttpClient5", bench::rawHttpClient5);
        arms.put("transport only", bench::transportOnly);
        arms.put("TeacherClient paced", bench::teacherClient);
        arms.put("TeacherClient unpaced", bench::teacherClientUnpaced);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            long warmUpEnd = System.nanoTime() + warmUpMs * 1_000_000;
            while (System.nanoTime() < warmUpEnd) {
                for (Call call : arms.values()) {
                    slice(pool, call, 500);
                }
            }
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            arms.keySet().forEach(name -> {
                rates.put(name, new ArrayList<>());
                ratios.put(name, new ArrayList<>());
            });
            List<String> order = new ArrayList<>(arms.keySet());
            for (int round = 0; round < rounds; round++) {
                Collections.rotate(order, 1);
                Map<String, Double> row = new LinkedHashMap<>();
                for (String name : order) {
                    row.put(name, slice(pool, arms.get(name), sliceMs));
                }
                double raw = row.get("raw HttpClient5");
                row.forEach((name, rate) -> {
                    rates.get(name).add(rate);
                    ratios.get(name).add(rate / raw);
                });
            }
            rates.forEach((name, values) -> System.out.printf(
                    "%-22s %8.0f requests/s   vs raw %.3f%n", name, median(values), median(ratios.get(name))));
        } finally {
            pool.shutdownNow();
            bench.stop();
        }
    }

    private static double slice(ExecutorService pool, Call call, long millis) throws Exception {
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            workers.add(pool.submit(() -> {
                long count = 0;
                while (System.nanoTime() < end) {
                    call.run();
                    count++;
                }
                done.addAndGet(count);
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        return done.get() * 1e9 / (System.nanoTime() - start);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
