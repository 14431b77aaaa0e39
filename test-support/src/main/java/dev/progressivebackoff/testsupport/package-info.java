/**
 * Helpers the tests of the other modules share, so no test tree keeps its own copy: {@link
 * dev.progressivebackoff.testsupport.FakeClock}, {@link dev.progressivebackoff.testsupport.LogCapture}, {@link
 * dev.progressivebackoff.testsupport.Eventually}, {@link dev.progressivebackoff.testsupport.Signals}, {@link
 * dev.progressivebackoff.testsupport.ProviderFixture} and {@link dev.progressivebackoff.testsupport.RedisTestServer}.
 *
 * <p>This module is used in test scope only and never deployed. It sits above {@code core} and {@code simulator}
 * (whose own tests therefore keep minimal helpers of their own) and below every other module's tests.
 */
package dev.progressivebackoff.testsupport;
