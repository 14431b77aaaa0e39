package dev.progressivebackoff.transport.httpclient5;

import dev.progressivebackoff.core.ListenerErrorHandler;
import dev.progressivebackoff.core.Seconds;
import dev.progressivebackoff.core.Sleeper;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.TimeSource;
import dev.progressivebackoff.transport.httpclient5.internal.AttemptDeadlines;
import dev.progressivebackoff.transport.httpclient5.internal.SendObservingExecutor;
import dev.progressivebackoff.transport.httpclient5.internal.TransportRetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.pool.ConnPoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures an {@link HttpClient5Transport}; not thread-safe. Starts from {@link TransportSettings#defaults()}:
 * 5 transport retries on I/O failures and 500/502/503/504 from a 2 s base delay, waits capped at 120 s, connect
 * timeout 10 s, response timeout 5 min, bodies up to 8 MiB, a pool of 16 connections. {@link #withSettings}
 * replaces them all, the other {@code withX} methods change one; values are checked by {@link #build()}.
 */
public final class HttpClient5TransportBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(HttpClient5Transport.class);
    private static final int TOO_MANY_REQUESTS = 429;

    private TransportSettings.Builder settings = TransportSettings.builder();
    private TimeSource timeSource = SystemTimeSource.INSTANCE;
    private Sleeper sleeper = SystemSleeper.INSTANCE;
    private final List<TransportRetryListener> listeners = new ArrayList<>();
    private String userAgent = "progressive-backoff";
    /** A client given by the caller, used instead of one built here; null to build one. */
    private CloseableHttpClient userClient;
    /** The given client's pool, for {@link HttpClient5Transport#poolStats()}; may be null. */
    private ConnPoolStats<?> userPool;

    HttpClient5TransportBuilder() {}

    /** Takes every transport knob from {@code newSettings} (retries, statuses, timeouts, pool, body cap). */
    public HttpClient5TransportBuilder withSettings(TransportSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings").toBuilder();
        return this;
    }

    /** Transport retries per request (5 by default: 6 attempts). */
    public HttpClient5TransportBuilder withMaxTransportRetries(int maxRetries) {
        settings.withMaxTransportRetries(maxRetries);
        return this;
    }

    /** The first computed wait: retry n waits base × 2^(n−1) (2 s by default). */
    public HttpClient5TransportBuilder withTransportBaseDelay(Duration baseDelay) {
        settings.withTransportBaseDelay(baseDelay);
        return this;
    }

    /** The statuses to retry (408, 409, 500, 502, 503, 504, 529 by default). 429 is dropped with a warning when built. */
    public HttpClient5TransportBuilder withRetryStatusCodes(Collection<Integer> statuses) {
        settings.withRetryStatusCodes(statuses);
        return this;
    }

    /** Size of the connection pool, in total and per route (16 by default). */
    public HttpClient5TransportBuilder withPoolSize(int poolSize) {
        settings.withPoolSize(poolSize);
        return this;
    }

    /** The TCP connect timeout. */
    public HttpClient5TransportBuilder withConnectTimeout(Duration timeout) {
        settings.withConnectTimeout(timeout);
        return this;
    }

    /** The longest one attempt may take, from send to the last byte of the response, however steady the bytes. */
    public HttpClient5TransportBuilder withRequestDeadline(Duration deadline) {
        settings.withRequestDeadline(deadline);
        return this;
    }

    /** How long to wait for response data before an attempt fails (the inactivity timeout). */
    public HttpClient5TransportBuilder withResponseTimeout(Duration timeout) {
        settings.withResponseTimeout(timeout);
        return this;
    }

    /** The largest response body read; a larger one fails with {@link ResponseTooLargeException}. */
    public HttpClient5TransportBuilder withMaxResponseBytes(long maxBytes) {
        settings.withMaxResponseBytes(maxBytes);
        return this;
    }

    /** Where {@code Retry-After} dates are measured when the response has no {@code Date}. */
    public HttpClient5TransportBuilder withTimeSource(TimeSource newTimeSource) {
        this.timeSource = Objects.requireNonNull(newTimeSource, "timeSource");
        return this;
    }

    /** How the transport waits between its retries. */
    public HttpClient5TransportBuilder withSleeper(Sleeper newSleeper) {
        this.sleeper = Objects.requireNonNull(newSleeper, "sleeper");
        return this;
    }

    /** The {@code User-Agent} header. */
    public HttpClient5TransportBuilder withUserAgent(String newUserAgent) {
        Objects.requireNonNull(newUserAgent, "userAgent");
        if (newUserAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must not be blank");
        }
        this.userAgent = newUserAgent;
        return this;
    }

    /**
     * Adds a listener told about every transport retry (e.g. to log it); listeners run in the order added. A
     * listener that throws never changes the outcome of the request: the exception is caught, logged at WARN
     * naming the listener's class, and ignored.
     */
    public HttpClient5TransportBuilder onRetry(TransportRetryListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Allows plain {@code http://} to hosts that are not loopback (the API key would travel in clear); refused
     * by default. There is deliberately no way to turn TLS certificate or hostname verification off.
     */
    public HttpClient5TransportBuilder withAllowInsecureHttp(boolean allow) {
        settings.withAllowInsecureHttp(allow);
        return this;
    }

    /**
     * Sends through {@code client}, built by the caller (e.g. with its own TLS material, proxy, interceptors or
     * metrics), instead of a client built here. The caller owns it: {@link HttpClient5Transport#close()} leaves it
     * open. These settings then do not apply, being the client's own: {@link #withPoolSize}, {@link
     * #withConnectTimeout}, {@link #withResponseTimeout} (the client's socket and response timeouts rule) and
     * {@link #withUserAgent}; nor do the defaults a built client has (no redirects, no cookies). Everything else
     * still applies on top of the client: the transport's retries of I/O failures and 5xx, the request deadline,
     * the response size cap, the refusal of plain http:// to remote hosts, and, above the transport, the 429
     * handling of the rate-limit loop. A pacer counts each attempt from just before it is handed to the client
     * (connection set-up included), not from the moment its bytes are written.
     *
     * <p><b>The client's own retry strategy must not retry 429</b> (nor, preferably, anything: build it with
     * {@code disableAutomaticRetries()}): a 429 retried inside the client would spend quota behind the rate-limit
     * loop's back, and its retries would multiply the transport's. HttpClient5's default strategy retries 429 and
     * 503 itself.
     *
     * @param client the client; its owner closes it, after the transport
     * @return this builder
     */
    public HttpClient5TransportBuilder withHttpClient(CloseableHttpClient client) {
        return withHttpClient(client, null);
    }

    /**
     * As {@link #withHttpClient(CloseableHttpClient)}, with the client's connection pool (e.g. its {@code
     * PoolingHttpClientConnectionManager}) read by {@link HttpClient5Transport#poolStats()}.
     *
     * @param client the client; its owner closes it, after the transport
     * @param pool   the client's pool, or null if unknown ({@code poolStats()} is then all zero)
     * @return this builder
     */
    public HttpClient5TransportBuilder withHttpClient(CloseableHttpClient client, ConnPoolStats<?> pool) {
        this.userClient = Objects.requireNonNull(client, "client");
        this.userPool = pool;
        return this;
    }

    /**
     * The transport. Logs one warning if 429 was among the retry statuses (it is removed).
     *
     * @throws IllegalArgumentException a setting is invalid (the message names it)
     */
    public HttpClient5Transport build() {
        TransportSettings built = settings.build();
        Set<Integer> statuses = new TreeSet<>(built.retryStatusCodes());
        if (statuses.remove(TOO_MANY_REQUESTS)) {
            LOG.warn(ignored429(statuses));
        }
        TransportRetryPolicy retries = new TransportRetryPolicy(
                built.maxTransportRetries(),
                Seconds.of(built.transportBaseDelay()),
                statuses,
                built.maxTransportWait(),
                built.maxServerWait(),
                timeSource);
        CloseableHttpClient client = userClient;
        ConnPoolStats<?> pool = userPool;
        if (client == null) {
            PoolingHttpClientConnectionManager ownPool = connectionPool(built);
            client = httpClient(ownPool, built);
            pool = ownPool;
        }
        return new HttpClient5Transport(
                client,
                pool,
                userClient == null,
                retries,
                sleeper,
                new AttemptDeadlines(built.requestDeadline()),
                built.maxResponseBytes(),
                new RetryListeners(List.copyOf(listeners)),
                built.allowInsecureHttp());
    }

    /** The warning for a 429 among the retry statuses: the same line the teacher client logs. */
    private static String ignored429(Set<Integer> remaining) {
        return "[TeacherClient] Ignoring 429 in retryStatusCodes: rate limits are handled by the tier-aware backoff, "
                + "never by transport retries (retrying on "
                + remaining.stream().sorted().toList() + ")";
    }

    private static PoolingHttpClientConnectionManager connectionPool(TransportSettings settings) {
        Timeout responseTimeout = Timeout.of(settings.responseTimeout());
        ConnectionConfig connections = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setSocketTimeout(responseTimeout)
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .build();
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.poolSize())
                .setMaxConnPerRoute(settings.poolSize())
                .setDefaultConnectionConfig(connections)
                .build();
    }

    private CloseableHttpClient httpClient(PoolingHttpClientConnectionManager pool, TransportSettings settings) {
        Timeout responseTimeout = Timeout.of(settings.responseTimeout());
        RequestConfig requests = RequestConfig.custom()
                .setResponseTimeout(responseTimeout)
                .setConnectionRequestTimeout(responseTimeout)
                .setRedirectsEnabled(false)
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .setRequestExecutor(new SendObservingExecutor())
                .setDefaultRequestConfig(requests)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setUserAgent(userAgent)
                .build();
    }

    /** Every listener in turn, each isolated: one that throws is logged and skipped. */
    private record RetryListeners(List<TransportRetryListener> all) implements TransportRetryListener {
        @Override
        public void onRetry(TransportRetryEvent event) {
            for (TransportRetryListener listener : all) {
                try {
                    listener.onRetry(event);
                } catch (RuntimeException failure) {
                    ListenerErrorHandler.<TransportRetryEvent>describingTo(LOG::warn)
                            .onListenerError(listener, event, failure);
                }
            }
        }
    }
}
