package dev.progressivebackoff.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderFactory;

/**
 * Makes {@link ProgressiveBackoffHttpClientBuilder}s for LangChain4j's {@code HttpClientBuilderLoader}, registered in
 * {@code META-INF/services}: with this module on the class path, a model built without an HTTP client builder sends
 * through the toolkit (with another HTTP client module there too, select this one with the system property
 * {@code langchain4j.http.clientBuilderFactory} set to this class's name).
 */
public final class ProgressiveBackoffHttpClientBuilderFactory implements HttpClientBuilderFactory {

    /** The factory; LangChain4j finds it through {@link java.util.ServiceLoader}. */
    public ProgressiveBackoffHttpClientBuilderFactory() {}

    @Override
    public HttpClientBuilder create() {
        return new ProgressiveBackoffHttpClientBuilder();
    }
}
