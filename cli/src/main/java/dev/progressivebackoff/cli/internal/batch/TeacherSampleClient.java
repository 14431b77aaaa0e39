package dev.progressivebackoff.cli.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.progressivebackoff.client.ChatMessage;
import dev.progressivebackoff.client.ChatRequest;
import dev.progressivebackoff.client.ChatResponse;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.client.TeacherClientException;
import dev.progressivebackoff.core.ProgressiveBackoffException;
import dev.progressivebackoff.core.retry.AttemptRecord;
import dev.progressivebackoff.core.retry.NotRetryableException;
import dev.progressivebackoff.core.retry.RateLimitedUntilException;
import dev.progressivebackoff.core.retry.RetriesExhaustedException;
import dev.progressivebackoff.core.retry.RetryInterruptedException;
import dev.progressivebackoff.core.signals.ErrorBody;
import dev.progressivebackoff.core.signals.RateLimitSignals;
import dev.progressivebackoff.core.signals.ResponseHeaders;
import dev.progressivebackoff.core.signals.ServerHint;
import dev.progressivebackoff.pacing.DailyQuotaExhaustedException;
import dev.progressivebackoff.transport.httpclient5.ApiKey;
import dev.progressivebackoff.transport.httpclient5.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Completes samples with the real {@link TeacherClient}: its rate-limit loop, transport and pacing. Whatever
 * comes back — answers and error messages alike — has the API key removed before it can reach a file or a
 * terminal, even if a broken or hostile server echoes it.
 */
public final class TeacherSampleClient implements SampleClient {

    private final TeacherClient client;
    private final ApiKey key;

    /** Sends through {@code client}, removing {@code key} from what it returns; closing this closes the client. */
    public TeacherSampleClient(TeacherClient client, ApiKey key) {
        this.client = Objects.requireNonNull(client, "client");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The client itself, for the health check and tier detection. */
    public TeacherClient teacher() {
        return client;
    }

    @Override
    public Completion complete(Sample sample) throws SampleFailedException, InterruptedException {
        try {
            Completion completion = completeUnredacted(sample);
            return new Completion(
                    key.redact(completion.content()),
                    key.redact(completion.model()),
                    completion.usage(),
                    completion.attempts(),
                    completion.waited(),
                    completion.rateLimited(),
                    completion.toolCalls());
        } catch (DailyQuotaSpentException spent) {
            throw new DailyQuotaSpentException(key.redact(spent.getMessage()), spent.status(), spent.resetIn());
        } catch (SampleFailedException failure) {
            throw new SampleFailedException(
                    key.redact(failure.getMessage()), failure.status(), failure.attempts(), failure.rateLimited());
        } catch (RuntimeException unexpected) {
            String message = unexpected.getMessage() != null ? unexpected.getMessage() : unexpected.toString();
            throw new SampleFailedException(key.redact(message), OptionalInt.empty(), 1, 0);
        }
    }

    private Completion completeUnredacted(Sample sample) throws SampleFailedException, InterruptedException {
        ChatRequest request = request(sample);
        try {
            return completion(sample, client.chat(request));
        } catch (RetryInterruptedException interrupted) {
            Thread.interrupted();
            throw new InterruptedException("interrupted while completing sample " + sample.key());
        } catch (RetriesExhaustedException exhausted) {
            throw failure(exhausted, OptionalInt.of(exhausted.lastStatus()), exhausted.attempts());
        } catch (DailyQuotaExhaustedException spent) {
            throw new DailyQuotaSpentException(spent.getMessage(), OptionalInt.empty(), Optional.of(spent.resetIn()));
        } catch (NotRetryableException fatal) {
            if (fatal.status() == 429 && fatal.getMessage().contains("daily cap")) {
                // the pacer has heard it too, and knows the reset: nothing more is sent on the key
                throw new DailyQuotaSpentException(fatal.getMessage(), OptionalInt.of(429), resetNamedIn(fatal));
            }
            throw failure(fatal, OptionalInt.of(fatal.status()), fatal.attempts());
        } catch (RateLimitedUntilException tooLong) {
            // no attempt: the pacer refused to start it (a spent window resets too late), nothing was sent
            OptionalInt status = tooLong.attempts().isEmpty() ? OptionalInt.empty() : OptionalInt.of(429);
            throw failure(tooLong, status, tooLong.attempts());
        } catch (TeacherClientException unreadable) {
            // A 2xx whose body is not a chat completion: retrying could pay for the same broken answer again.
            throw new SampleFailedException(
                    unreadable.getMessage(),
                    OptionalInt.of(200),
                    unreadable.requestsSent().orElse(1),
                    0);
        } catch (TransportException io) {
            throw new SampleFailedException(
                    io.getMessage(), OptionalInt.empty(), io.requestsSent().orElse(io.attempts()), 0);
        } catch (ProgressiveBackoffException other) {
            throw new SampleFailedException(other.getMessage(), OptionalInt.empty(), requests(other, 1), 0);
        }
    }

    /** The completion a response gives, or a failure when it has no answer. */
    private Completion completion(Sample sample, ChatResponse response) throws SampleFailedException {
        if (!response.hasAnswer()) {
            // An empty answer recorded as done would never be asked again.
            throw new SampleFailedException(
                    "the answer has no content and no tool calls (finish_reason: " + response.finishReason() + ")",
                    OptionalInt.of(200),
                    response.attempts(),
                    response.rateLimitRetries());
        }
        ObjectNode usage = JsonNodeFactory.instance.objectNode();
        usage.put("prompt_tokens", response.usage().promptTokens());
        usage.put("completion_tokens", response.usage().completionTokens());
        usage.put("total_tokens", response.usage().totalTokens());
        String model = response.model() != null
                ? response.model()
                : sample.model() != null ? sample.model() : client.settings().model();
        return new Completion(
                response.content(),
                model,
                usage,
                response.attempts(),
                response.waited(),
                response.rateLimitRetries(),
                response.toolCalls());
    }

    /** The wait the server's message names ("please try again after 3 seconds"), if it names one. */
    private static Optional<Duration> resetNamedIn(NotRetryableException fatal) {
        return fatal.serverMessage()
                .flatMap(message -> RateLimitSignals.parse(
                                429, ResponseHeaders.EMPTY, new ErrorBody(null, null, message), Instant.now())
                        .preferredHint())
                .map(ServerHint::delay);
    }

    private static SampleFailedException failure(
            ProgressiveBackoffException cause, OptionalInt status, List<AttemptRecord> attempts) {
        int rateLimited = (int) attempts.stream().filter(a -> a.status() == 429).count();
        return new SampleFailedException(
                cause.getMessage(), status, requests(cause, Math.max(1, attempts.size())), rateLimited);
    }

    /** The HTTP requests the client counted for a failed call (transport retries included), else {@code fallback}. */
    private static int requests(ProgressiveBackoffException failure, int fallback) {
        return failure.requestsSent().orElse(fallback);
    }

    private static ChatRequest request(Sample sample) {
        ChatRequest.Builder builder = ChatRequest.builder();
        if (sample.model() != null) {
            builder.withModel(sample.model());
        }
        for (JsonNode message : sample.messages()) {
            String role = message.path("role").asText();
            JsonNode content = message.path("content");
            // Content is passed through as given: a string, or an array of parts (images and all).
            builder.withMessage(
                    content.isTextual() ? new ChatMessage(role, content.asText()) : ChatMessage.ofParts(role, content));
        }
        if (sample.maxTokens() != null) {
            builder.withMaxTokens(sample.maxTokens());
        }
        if (sample.temperature() != null) {
            builder.withTemperature(sample.temperature());
        }
        return builder.build();
    }

    @Override
    public void close() {
        client.close();
    }
}
