package dev.progressivebackoff.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotRetryableExceptionTest {

    @Test
    void namesTheStatusOnceWhenTheReasonAlreadyStartsWithIt() {
        NotRetryableException failure = new NotRetryableException(
                401, "HTTP 401: unauthorized, check the API key, retrying cannot help", "Invalid key", List.of());

        assertThat(failure.getMessage())
                .isEqualTo("HTTP 401: unauthorized, check the API key, retrying cannot help — Invalid key");
    }

    @Test
    void prefixesTheStatusToAReasonWithoutIt() {
        NotRetryableException failure = new NotRetryableException(402, "exceeded_current_quota_error", null, List.of());

        assertThat(failure.getMessage()).isEqualTo("HTTP 402: exceeded_current_quota_error");
    }
}
