/** Implementation details of the backoff module: jitter arithmetic. Not API. */
package dev.progressivebackoff.backoff.internal;
