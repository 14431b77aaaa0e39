package dev.progressivebackoff.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    private static List<ServerSentEvents.Event> read(String stream) throws IOException {
        ServerSentEvents events =
                new ServerSentEvents(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        List<ServerSentEvents.Event> read = new ArrayList<>();
        for (Optional<ServerSentEvents.Event> event = events.next(); event.isPresent(); event = events.next()) {
            read.add(event.get());
        }
        return read;
    }

    @Test
    void dataLinesOfOneEventAreJoinedWithLineFeeds() throws IOException {
        assertThat(read("data: {\"a\":\ndata: 1}\n\n"))
                .containsExactly(new ServerSentEvents.Event("message", "{\"a\":\n1}"));
    }

    @Test
    void commentsAndUnknownFieldsAreSkippedAndOneLeadingSpaceIsDropped() throws IOException {
        assertThat(read(": keep-alive\nid: 7\nretry: 100\ndata:x\n\ndata:  two spaces\n\n"))
                .containsExactly(
                        new ServerSentEvents.Event("message", "x"),
                        new ServerSentEvents.Event("message", " two spaces"));
    }

    @Test
    void crLfAndCrEndLinesToo() throws IOException {
        assertThat(read("data: one\r\n\r\ndata: two\r\rdata: [DONE]\n\n"))
                .extracting(ServerSentEvents.Event::data)
                .containsExactly("one", "two", "[DONE]");
    }

    @Test
    void anEventNameIsKeptForItsEventOnly() throws IOException {
        assertThat(read("event: error\ndata: {}\n\ndata: next\n\n"))
                .containsExactly(
                        new ServerSentEvents.Event("error", "{}"), new ServerSentEvents.Event("message", "next"));
    }

    @Test
    void blankLinesWithoutDataDispatchNothingAndAnUnfinishedEventIsDropped() throws IOException {
        assertThat(read("\n\n: only a comment\n\ndata: whole\n\ndata: cut off"))
                .extracting(ServerSentEvents.Event::data)
                .containsExactly("whole");
    }

    @Test
    void aFieldWithoutAColonHasAnEmptyValue() throws IOException {
        assertThat(read("data\n\n")).containsExactly(new ServerSentEvents.Event("message", ""));
    }

    @Test
    void textIsUtf8() throws IOException {
        assertThat(read("data: “déjà vu” 🙂\n\n"))
                .extracting(ServerSentEvents.Event::data)
                .containsExactly("“déjà vu” 🙂");
    }
}
