/**
 * What a response says about rate limits. {@link dev.progressivebackoff.core.signals.RateLimitSignals}
 * is parsed once per response from the status, the {@link dev.progressivebackoff.core.signals.ResponseHeaders}
 * and, for errors, the {@link dev.progressivebackoff.core.signals.ErrorBody}: server wait hints in
 * precedence order, quota figures for tier detection, and whether the response is worth retrying.
 * Parsing follows RFC 9110, the IETF RateLimit draft and the providers' documented formats, and never
 * throws on a malformed value: it ignores it.
 */
package dev.progressivebackoff.core.signals;
