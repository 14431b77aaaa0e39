package dev.progressivebackoff.transport.httpclient5.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    @Test
    void readsABodyUpToTheLimit() throws Exception {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[20_000]), 20_000))
                .get()
                .satisfies(body -> assertThat(body).hasSize(20_000));
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), 0))
                .get()
                .satisfies(body -> assertThat(body).isEmpty());
    }

    @Test
    void stopsReadingOneByteAfterTheLimit() throws Exception {
        // given: an endless body
        CountingEndlessStream endless = new CountingEndlessStream();

        // when
        boolean fitted = BoundedBody.read(endless, 10_000).isPresent();

        // then
        assertThat(fitted).isFalse();
        assertThat(endless.served).isEqualTo(10_001);
    }

    private static final class CountingEndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            served += len;
            return len;
        }
    }
}
