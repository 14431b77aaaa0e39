package example;

import dev.progressivebackoff.client.ChatResponse;
import dev.progressivebackoff.client.TeacherClient;
import dev.progressivebackoff.pacer.redis.RedisPacers;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.verification.SimulatedClock;

/** Uses a class of each artifact it depends on, so that compiling proves the BOM resolved them all. */
public final class SampleApp {

    private SampleApp() {}

    public static void main(String[] args) {
        Class<?>[] used = {RedisPacers.class, SimulatedProvider.class, SimulatedClock.class};
        try (TeacherClient client = TeacherClient.builder()
                .withEndpoint("https://api.moonshot.ai/v1")
                .withApiKey(System.getenv("MOONSHOT_API_KEY"))
                .build()) {
            ChatResponse answer = client.chat("Say hello");
            System.out.println(answer.content() + " (" + used.length + " modules)");
        }
    }
}
