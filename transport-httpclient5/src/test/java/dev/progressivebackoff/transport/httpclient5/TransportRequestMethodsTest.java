package dev.progressivebackoff.transport.httpclient5;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Any method, JSON or raw bodies and multipart bodies reach a real server as built. */
@WireMockTest
class TransportRequestMethodsTest {

    private static LoggedRequest sent(WireMockRuntimeInfo wm, TransportRequest request) throws InterruptedException {
        stubFor(any(anyUrl()).willReturn(okJson("{}")));
        try (HttpClient5Transport transport = HttpClient5Transport.builder().build()) {
            assertThat(transport.execute(request).status()).isEqualTo(200);
        }
        List<LoggedRequest> all = WireMock.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static URI uri(WireMockRuntimeInfo wm) {
        return URI.create(wm.getHttpBaseUrl() + "/v1/items/7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH", "POST"})
    void sendsAJsonBodyWithAnyMethod(String method, WireMockRuntimeInfo wm) throws InterruptedException {
        // given
        byte[] json = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);

        // when
        LoggedRequest request = sent(wm, TransportRequest.of(method, uri(wm)).withJsonBody(json));

        // then
        assertThat(request.getMethod().value()).isEqualTo(method);
        assertThat(request.getBodyAsString()).isEqualTo("{\"name\":\"x\"}");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("Accept")).isEqualTo("application/json");
    }

    @Test
    void sendsADeleteWithoutABody(WireMockRuntimeInfo wm) throws InterruptedException {
        LoggedRequest request = sent(wm, TransportRequest.of("DELETE", uri(wm)));

        assertThat(request.getMethod().value()).isEqualTo("DELETE");
        assertThat(request.getBody()).isEmpty();
    }

    @Test
    void sendsRawBytesWithTheirContentType(WireMockRuntimeInfo wm) throws InterruptedException {
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

        LoggedRequest request = sent(wm, TransportRequest.of("POST", uri(wm)).withBody(csv, "text/csv; charset=UTF-8"));

        assertThat(request.getBody()).isEqualTo(csv);
        assertThat(request.getHeader("Content-Type")).isEqualTo("text/csv; charset=UTF-8");
    }

    @Test
    void sendsAMultipartUploadTheServerReadsPartByPart(WireMockRuntimeInfo wm) throws InterruptedException {
        // given
        MultipartBody upload = MultipartBody.builder()
                .addText("purpose", "batch")
                .addFile("file", "in \"1\".jsonl", "application/jsonl", "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8))
                .build();

        // when
        LoggedRequest request = sent(wm, TransportRequest.of("POST", uri(wm)).withBody(upload));

        // then
        assertThat(request.getHeader("Content-Type")).isEqualTo(upload.contentType());
        assertThat(request.getPart("purpose").getBody().asString()).isEqualTo("batch");
        assertThat(request.getPart("file").getBody().asString()).isEqualTo("{\"a\":1}\n");
        assertThat(request.getPart("file").getHeader("Content-Disposition").firstValue())
                .contains("filename=\"in \\\"1\\\".jsonl\"");
    }

    @Test
    void refusesWhatIsNotAMethodAndLineBreaksInPartNames() {
        assertThatThrownBy(() -> TransportRequest.of("get me", URI.create("https://example.com/")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartBody.builder().addText("a\r\nX-Evil: 1", "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
