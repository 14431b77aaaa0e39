/**
 * JMH benchmarks: {@link dev.progressivebackoff.benchmarks.ToolkitOverheadBenchmark} measures what the toolkit
 * itself adds to each request (signal parsing, the policy's decision, a pacer permit), and
 * {@link dev.progressivebackoff.benchmarks.LoopbackThroughputBenchmark} compares requests per second through
 * {@code TeacherClient} with raw HttpClient5 against the same simulated provider on loopback. Run with
 * {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package dev.progressivebackoff.benchmarks;
