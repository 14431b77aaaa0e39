package dev.progressivebackoff.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.testsupport.FakeClock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class PacerRegistryTest {

    private final FakeClock clock = FakeClock.parkingSleepers();
    private final RateLimitKey moonshot = RateLimitKey.of("https://api.moonshot.ai/v1", "key-a");

    @Test
    void handsEveryThreadTheSamePacerForOneKey() throws InterruptedException {
        // given a registry and 8 threads starting together
        PacerRegistry registry = PacerRegistry.create(clock, clock);
        Set<Pacer> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        Workers workers = new Workers();
        for (int t = 0; t < 8; t++) {
            workers.start("client-" + t, () -> {
                go.await();
                seen.add(registry.pacerFor(
                        RateLimitKey.of("https://api.moonshot.ai/v1/", "key-a"), Tier.of("free", 3, 1)));
            });
        }

        // when
        go.countDown();
        workers.joinAllAndCheck();

        // then
        assertThat(seen).hasSize(1);
        assertThat(registry.keys()).containsExactly(moonshot);
        assertThat(registry.find(moonshot)).containsSame(seen.iterator().next());
    }

    @Test
    void createsAPacerAtTheFirstCallersTierAndKeepsIt() {
        // given a pacer created at the free tier
        PacerRegistry registry = PacerRegistry.create(clock, clock);
        Pacer first = registry.pacerFor(moonshot, Tier.of("free", 3, 1));

        // when another client asks with another tier
        Pacer second = registry.pacerFor(moonshot, Tier.of("tier1", 200, 50));

        // then it gets the same pacer, unchanged
        assertThat(second).isSameAs(first);
        assertThat(second.state().requestsPerMinute()).isEqualTo(3);
    }

    @Test
    void keepsSeparatePacersForSeparateKeys() {
        PacerRegistry registry = PacerRegistry.create(clock, clock);
        Tier tier = Tier.of("tier1", 200, 50);

        Pacer a = registry.pacerFor(moonshot, tier);
        Pacer b = registry.pacerFor(RateLimitKey.of("https://api.moonshot.ai/v1", "key-b"), tier);

        assertThat(a).isNotSameAs(b);
        a.coolDown(java.time.Duration.ofSeconds(5));
        assertThat(b.state().heldFor()).isZero();
    }

    @Test
    void buildsPacersWithTheGivenFactory() {
        PacerRegistry registry = PacerRegistry.create(tier -> Pacer.builder()
                .withSpacingMargin(false)
                .withTier(tier)
                .withBurst(4)
                .withTimeSource(clock)
                .withSleeper(clock)
                .build());

        assertThat(registry.pacerFor(moonshot, Tier.of("t", 60)).state().burst())
                .isEqualTo(4);
    }

    @Test
    void passesEachNewKeyToAKeyedFactory() {
        List<RateLimitKey> seen = new java.util.ArrayList<>();
        PacerRegistry registry = PacerRegistry.createKeyed((key, tier) -> {
            seen.add(key);
            return Pacer.builder()
                    .withSpacingMargin(false)
                    .withTier(tier)
                    .withTimeSource(clock)
                    .withSleeper(clock)
                    .build();
        });
        RateLimitKey other = RateLimitKey.of("https://api.moonshot.ai/v1", "key-b");

        registry.pacerFor(moonshot, Tier.of("t", 60));
        registry.pacerFor(moonshot, Tier.of("t", 60));
        registry.pacerFor(other, Tier.of("t", 60));

        assertThat(seen).containsExactly(moonshot, other);
    }

    @Test
    void handsOutUnpacedPacersWhenDisabled() {
        PacerRegistry registry = PacerRegistry.disabled();

        assertThat(registry.pacerFor(moonshot, Tier.of("free", 3, 1))).isSameAs(Pacer.none());
        assertThat(registry.isEnabled()).isFalse();
        assertThat(registry.keys()).isEmpty();
        assertThat(List.of(registry.toString())).noneMatch(text -> text.contains("key-a"));
    }
}
