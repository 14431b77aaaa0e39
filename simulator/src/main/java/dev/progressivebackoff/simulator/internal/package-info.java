/**
 * The simulated provider's machinery: the per-key request window, the HTTP handler, the deterministic
 * completion text and the Go-style duration format of the {@code x-ratelimit-reset-*} headers.
 */
package dev.progressivebackoff.simulator.internal;
