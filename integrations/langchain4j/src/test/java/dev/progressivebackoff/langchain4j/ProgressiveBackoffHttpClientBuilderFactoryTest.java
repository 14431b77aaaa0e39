package dev.progressivebackoff.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderFactory;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The factory is found through {@link ServiceLoader}, and LangChain4j's loader selects it by its name. */
class ProgressiveBackoffHttpClientBuilderFactoryTest {

    @Test
    void serviceLoaderFindsTheFactory() {
        List<String> factories = ServiceLoader.load(HttpClientBuilderFactory.class).stream()
                .map(provider -> provider.type().getName())
                .toList();

        assertThat(factories).contains(ProgressiveBackoffHttpClientBuilderFactory.class.getName());
    }

    @Test
    void langChain4jsLoaderSelectsItByTheSystemProperty() {
        String property = "langchain4j.http.clientBuilderFactory";
        String before = System.getProperty(property);
        System.setProperty(property, ProgressiveBackoffHttpClientBuilderFactory.class.getName());
        try {
            HttpClientBuilder builder = HttpClientBuilderLoader.loadHttpClientBuilder();

            assertThat(builder).isInstanceOf(ProgressiveBackoffHttpClientBuilder.class);
            assertThat(builder.connectTimeout(Duration.ofSeconds(3)).build())
                    .isInstanceOf(ProgressiveBackoffHttpClient.class);
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }
}
