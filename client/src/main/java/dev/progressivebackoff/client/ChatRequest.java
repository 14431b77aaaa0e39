package dev.progressivebackoff.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An OpenAI-shaped chat completion request. {@code extra} fields are passed through as they are
 * (e.g. {@code top_p}, {@code response_format}); they may not replace the fields modelled here.
 *
 * @param model       the model; empty to use the client's default
 * @param messages    the conversation, at least one message
 * @param temperature sampling temperature, when set
 * @param maxTokens   {@code max_tokens}, when set
 * @param extra       other request fields, in order; values are anything Jackson can serialise
 */
public record ChatRequest(
        Optional<String> model,
        List<ChatMessage> messages,
        OptionalDouble temperature,
        OptionalInt maxTokens,
        Map<String, Object> extra) {

    /** Field names the record models itself. */
    public static final Set<String> MODELLED_FIELDS = Set.of("model", "messages", "temperature", "max_tokens");

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        model.ifPresent(m -> {
            if (m.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
        });
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
        if (maxTokens.isPresent() && maxTokens.getAsInt() < 1) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens.getAsInt());
        }
        Objects.requireNonNull(extra, "extra");
        for (String name : extra.keySet()) {
            if (MODELLED_FIELDS.contains(name)) {
                throw new IllegalArgumentException("extra field '" + name + "' is modelled; set it directly");
            }
        }
        extra = Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** One user message, the default model, no other settings. */
    public static ChatRequest ofUserMessage(String content) {
        return builder().withUserMessage(content).build();
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a request; not thread-safe. */
    public static final class Builder {
        private String model;
        private final List<ChatMessage> messages = new ArrayList<>();
        private Double temperature;
        private Integer maxTokens;
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private Builder() {}

        /** The model (instead of the client's default). */
        public Builder withModel(String newModel) {
            this.model = Objects.requireNonNull(newModel, "model");
            return this;
        }

        /** Adds a message. */
        public Builder withMessage(ChatMessage message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** Adds a {@code system} message. */
        public Builder withSystemMessage(String content) {
            return withMessage(ChatMessage.system(content));
        }

        /** Adds a {@code user} message. */
        public Builder withUserMessage(String content) {
            return withMessage(ChatMessage.user(content));
        }

        /** The sampling temperature. */
        public Builder withTemperature(double newTemperature) {
            if (!Double.isFinite(newTemperature) || newTemperature < 0) {
                throw new IllegalArgumentException("temperature must be a finite number >= 0: " + newTemperature);
            }
            this.temperature = newTemperature;
            return this;
        }

        /** {@code max_tokens}. */
        public Builder withMaxTokens(int newMaxTokens) {
            if (newMaxTokens < 1) {
                throw new IllegalArgumentException("maxTokens must be positive: " + newMaxTokens);
            }
            this.maxTokens = newMaxTokens;
            return this;
        }

        /** A pass-through field, e.g. {@code withExtra("top_p", 0.9)}. */
        public Builder withExtra(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (MODELLED_FIELDS.contains(name)) {
                throw new IllegalArgumentException("extra field '" + name + "' is modelled; set it directly");
            }
            extra.put(name, value);
            return this;
        }

        /** The request. */
        public ChatRequest build() {
            return new ChatRequest(
                    Optional.ofNullable(model),
                    messages,
                    temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature),
                    maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens),
                    extra);
        }
    }
}
