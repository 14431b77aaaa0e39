/**
 * The batch runner behind {@code backoff run}: reading and validating the JSONL input, resuming from the
 * output file, sending each sample through a {@link dev.progressivebackoff.cli.internal.batch.SampleClient}
 * with bounded concurrency, writing one flushed line per result or failure, progress and the summary.
 */
package dev.progressivebackoff.cli.internal.batch;
