/**
 * The simulated provider: a real HTTP server on loopback that speaks the OpenAI chat-completions
 * protocol ({@code POST /v1/chat/completions}, {@code GET /v1/models}, bearer auth) and enforces a
 * tier's limits per API key the way Moonshot does — requests per minute over a sliding window, maximum
 * concurrency, 429 with a Moonshot-style body and {@code x-ratelimit-*} headers on every response. Its
 * time comes from a {@link dev.progressivebackoff.core.TimeSource} and its latency wait from a
 * {@link dev.progressivebackoff.core.Sleeper}, so tests can run it on the simulated clock. The
 * {@code backoff serve} command runs it in the foreground; {@code backoff run} starts it when no
 * endpoint is given; {@code backoff bench} measures against it. Users' tests can start one the way they
 * would start OkHttp's mockwebserver (see {@link dev.progressivebackoff.simulator.SimulatedProvider}).
 */
package dev.progressivebackoff.simulator;
