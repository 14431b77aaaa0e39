package dev.progressivebackoff.cli;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import dev.progressivebackoff.backoff.TierAwareExponentialBackoff;
import dev.progressivebackoff.cli.archfixture.lower.AllowedClock;
import dev.progressivebackoff.core.SystemSleeper;
import dev.progressivebackoff.core.SystemTimeSource;
import dev.progressivebackoff.core.Tier;
import dev.progressivebackoff.langchain4j.ProgressiveBackoffHttpClientBuilder;
import dev.progressivebackoff.micrometer.ProgressiveBackoffMetrics;
import dev.progressivebackoff.openai.ProgressiveBackoffOpenAiClient;
import dev.progressivebackoff.simulator.SimulatedProvider;
import dev.progressivebackoff.verification.SimulatedClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The architecture of the README's module table, checked on the main code of every module (the cli's test
 * class path holds them all): dependencies point down core &lt;- backoff &lt;- pacing &lt;- pacer.redis &lt;-
 * transport.httpclient5 &lt;- client &lt;- micrometer &lt;- openai &lt;- langchain4j &lt;- simulator &lt;- verification &lt;- cli;
 * core, backoff and pacing read time and
 * sleep only through TimeSource/Sleeper and depend on nothing but the JDK; no module uses another's internals;
 * no static mutable state. The test-support module is not checked (see {@link #TEST_SUPPORT}). Each rule is
 * also run against deliberately bad fixtures ({@code archfixture}) to prove it detects what it forbids.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.progressivebackoff";

    /** The modules' root packages, bottom to top: each may use only those before it. */
    private static final List<String> MODULES = List.of(
            ROOT + ".core",
            ROOT + ".backoff",
            ROOT + ".pacing",
            ROOT + ".pacer.redis",
            ROOT + ".transport.httpclient5",
            ROOT + ".client",
            ROOT + ".micrometer",
            ROOT + ".openai",
            ROOT + ".langchain4j",
            ROOT + ".simulator",
            ROOT + ".verification",
            ROOT + ".cli");

    /** The modules that must neither read the clock nor sleep directly, nor use third-party code. */
    private static final List<String> PURE_MODULES = List.of(ROOT + ".core", ROOT + ".backoff", ROOT + ".pacing");

    private static final String FIXTURES = ROOT + ".cli.archfixture";

    /**
     * The test-support module: test code that lives in a main source tree only so the modules' tests can share
     * it (test scope, never deployed). Left out deliberately: it may read the clock, poll and keep one Redis
     * server per JVM, which no shipped module may.
     */
    private static final String TEST_SUPPORT = ROOT + ".testsupport";

    private static final List<String> FIXTURE_MODULES = List.of(FIXTURES + ".lower", FIXTURES + ".upper");

    /** Calls that read the system clock or sleep, by owner: the time seams exist to replace them. */
    private static final Map<String, Set<String>> CLOCK_AND_SLEEP_CALLS = Map.of(
            "java.lang.Thread", Set.of("sleep"),
            "java.util.concurrent.TimeUnit", Set.of("sleep"),
            "java.lang.System", Set.of("currentTimeMillis", "nanoTime"),
            "java.time.Clock",
                    Set.of("system", "systemUTC", "systemDefaultZone", "tickMillis", "tickSeconds", "tickMinutes"),
            "java.time.InstantSource", Set.of("system"),
            "java.util.Calendar", Set.of("getInstance"),
            "java.util.concurrent.locks.LockSupport", Set.of("parkNanos", "parkUntil"));

    /** Types whose static instances would be shared mutable state even in a final field. */
    private static final List<Class<?>> MUTABLE_TYPES = List.of(
            java.util.ArrayList.class,
            java.util.LinkedList.class,
            java.util.HashMap.class,
            java.util.TreeMap.class,
            java.util.HashSet.class,
            java.util.TreeSet.class,
            java.util.concurrent.ConcurrentHashMap.class,
            java.util.concurrent.CopyOnWriteArrayList.class,
            java.util.concurrent.atomic.AtomicInteger.class,
            java.util.concurrent.atomic.AtomicLong.class,
            java.util.concurrent.atomic.AtomicBoolean.class,
            java.util.concurrent.atomic.AtomicReference.class,
            java.util.Random.class,
            StringBuilder.class);

    private static final JavaClasses MAIN_CODE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/" + TEST_SUPPORT.replace('.', '/') + "/"))
            .importPackages(ROOT);

    private static final JavaClasses BAD_FIXTURES = new ClassFileImporter().importPackages(FIXTURES);

    // --- the rules, checked on the real main code ---------------------------------------------------

    @Test
    void importsTheMainCodeOfEveryModuleAndNoTestCode() {
        assertThat(MAIN_CODE.contain(Tier.class)).isTrue();
        assertThat(MAIN_CODE.contain(TierAwareExponentialBackoff.class)).isTrue();
        assertThat(MAIN_CODE.contain(SimulatedProvider.class)).isTrue();
        assertThat(MAIN_CODE.contain(SimulatedClock.class)).isTrue();
        assertThat(MAIN_CODE.contain(ProgressiveBackoffMetrics.class)).isTrue();
        assertThat(MAIN_CODE.contain(ProgressiveBackoffOpenAiClient.class)).isTrue();
        assertThat(MAIN_CODE.contain(ProgressiveBackoffHttpClientBuilder.class)).isTrue();
        assertThat(MAIN_CODE.contain(ArchitectureTest.class)).isFalse();
        assertThat(MAIN_CODE.stream().map(JavaClass::getPackageName)).noneMatch(p -> p.startsWith(FIXTURES));
        assertThat(MAIN_CODE.stream().map(JavaClass::getPackageName)).noneMatch(p -> p.startsWith(TEST_SUPPORT));
    }

    @Test
    void modulesDependOnlyOnModulesBelowThem() {
        dependenciesPointDown(MODULES).check(MAIN_CODE);
    }

    @Test
    void coreAndBackoffReadTimeAndSleepOnlyThroughTheSeams() {
        readTimeOnlyThroughTheSeams(
                        PURE_MODULES, List.of(SystemTimeSource.class.getName(), SystemSleeper.class.getName()))
                .check(MAIN_CODE);
    }

    @Test
    void coreAndBackoffDependOnTheJdkAlone() {
        dependOnTheJdkAndTheToolkitAlone(PURE_MODULES).check(MAIN_CODE);
    }

    @Test
    void noModuleUsesAnotherModulesInternals() {
        keepInternalsInTheirModule(MODULES).check(MAIN_CODE);
    }

    @Test
    void mainCodeHoldsNoStaticMutableState() {
        holdNoStaticMutableState(ROOT).check(MAIN_CODE);
    }

    // --- proof that each rule detects what it forbids ------------------------------------------------

    @Test
    void theDirectionRuleCatchesALowerModuleUsingAHigherOne() {
        assertThatThrownBy(() -> dependenciesPointDown(FIXTURE_MODULES).check(BAD_FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("DependsOnUpper.upward()")
                .hasMessageNotContaining("UsesLowerInternals.peek()");
    }

    @Test
    void theTimeRuleCatchesEveryWayOfReadingTheClockOrSleeping() {
        assertThatThrownBy(() -> readTimeOnlyThroughTheSeams(
                                List.of(FIXTURES + ".lower"), List.of(AllowedClock.class.getName()))
                        .check(BAD_FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ReadsTheClock.sleeps()")
                .hasMessageContaining("<java.lang.Thread.sleep(long)>")
                .hasMessageContaining("<java.util.concurrent.TimeUnit.sleep(long)>")
                .hasMessageContaining("ReadsTheClock.instantNow()")
                .hasMessageContaining("ReadsTheClock.instantNowByReference()")
                .hasMessageContaining("<java.lang.System.currentTimeMillis()>")
                .hasMessageContaining("<java.lang.System.nanoTime()>")
                .hasMessageContaining("<java.time.LocalDateTime.now()>")
                .hasMessageContaining("<java.time.Clock.systemUTC()>")
                .hasMessageContaining("<java.util.Date.<init>()>")
                .hasMessageContaining("was violated (9 times)")
                .hasMessageNotContaining("AllowedClock.now()");
    }

    @Test
    void theTimeRuleLetsOnlyTheNamedSeamImplementationsReadTheClock() {
        JavaClasses seam = new ClassFileImporter().importClasses(AllowedClock.class);

        assertThatCode(() -> readTimeOnlyThroughTheSeams(
                                List.of(FIXTURES + ".lower"), List.of(AllowedClock.class.getName()))
                        .allowEmptyShould(true)
                        .check(seam))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> readTimeOnlyThroughTheSeams(
                                List.of(FIXTURES + ".lower"), List.of(SystemTimeSource.class.getName()))
                        .allowEmptyShould(true)
                        .check(seam))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("<java.time.Instant.now()>");
    }

    @Test
    void theDependencyRuleCatchesLoggingAndOtherThirdPartyCode() {
        assertThatThrownBy(() -> dependOnTheJdkAndTheToolkitAlone(List.of(FIXTURES + ".lower"))
                        .check(BAD_FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.slf4j.Logger")
                .hasMessageContaining("org.slf4j.LoggerFactory");
    }

    @Test
    void theInternalsRuleCatchesAModuleUsingAnotherModulesInternals() {
        assertThatThrownBy(() -> keepInternalsInTheirModule(FIXTURE_MODULES).check(BAD_FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UsesLowerInternals.peek()")
                .hasMessageNotContaining("UsesOwnInternals");
    }

    @Test
    void theStaticStateRuleCatchesNonFinalAndMutableStaticFields() {
        assertThatThrownBy(() -> holdNoStaticMutableState(FIXTURES).check(BAD_FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("MutableStatics.calls")
                .hasMessageContaining("MutableStatics.TOTAL")
                .hasMessageNotContaining("FineConstants")
                .hasMessageNotContaining("Logs.LOG");
    }

    // --- rule definitions, parameterised so the fixtures can exercise them --------------------------

    /** No class of a module depends on a class of a module above it. */
    private static ArchRule dependenciesPointDown(List<String> modulesBottomUp) {
        LayeredArchitecture layers =
                layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true);
        for (String module : modulesBottomUp) {
            layers = layers.layer(module).definedBy(module + "..");
        }
        for (int i = 0; i < modulesBottomUp.size() - 1; i++) {
            List<String> above = modulesBottomUp.subList(i + 1, modulesBottomUp.size());
            layers = layers.whereLayer(modulesBottomUp.get(i)).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
        }
        return layers.whereLayer(modulesBottomUp.get(modulesBottomUp.size() - 1))
                .mayNotBeAccessedByAnyLayer()
                .because("dependencies point one way, down the README's module table");
    }

    /** Classes of {@code modules} neither read the system clock nor sleep, except {@code allowed}. */
    private static ArchRule readTimeOnlyThroughTheSeams(List<String> modules, List<String> allowed) {
        return noClasses()
                .that()
                .resideInAnyPackage(packagesOf(modules))
                .and(describe("are not " + allowed, (JavaClass c) -> !allowed.contains(c.getName())))
                .should()
                .accessTargetWhere(readsTheClockOrSleeps())
                .because("time is read and waited for only through TimeSource and Sleeper, so a simulated "
                        + "clock can replace both");
    }

    private static DescribedPredicate<JavaAccess<?>> readsTheClockOrSleeps() {
        return describe("read the system clock or sleep", access -> {
            AccessTarget target = access.getTarget();
            String owner = target.getOwner().getName();
            String name = target.getName();
            if (CLOCK_AND_SLEEP_CALLS.getOrDefault(owner, Set.of()).contains(name)) {
                return true;
            }
            if (name.equals("now") && target.getOwner().getPackageName().startsWith("java.time")) {
                return true;
            }
            return owner.equals("java.util.Date")
                    && name.equals("<init>")
                    && target instanceof AccessTarget.CodeUnitAccessTarget unit
                    && unit.getRawParameterTypes().isEmpty();
        });
    }

    /** Classes of {@code modules} use nothing but the JDK and the toolkit: no logging, no libraries. */
    private static ArchRule dependOnTheJdkAndTheToolkitAlone(List<String> modules) {
        return CompositeArchRule.of(classes()
                        .that()
                        .resideInAnyPackage(packagesOf(modules))
                        .should()
                        .onlyDependOnClassesThat()
                        .resideInAnyPackage("java..", ROOT + ".."))
                .and(noClasses()
                        .that()
                        .resideInAnyPackage(packagesOf(modules))
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("org.slf4j..", "java.util.logging..", "java.lang.System$Logger"))
                .because("core and backoff have no runtime dependencies and report through events, not logs");
    }

    /** A module's {@code ..internal..} packages are used by that module alone. */
    private static ArchRule keepInternalsInTheirModule(List<String> modules) {
        List<ArchRule> rules = new ArrayList<>();
        for (String module : modules) {
            rules.add(noClasses()
                    .that()
                    .resideOutsideOfPackage(module + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(module + "..internal..")
                    .because("internal packages are implementation details of their module"));
        }
        return CompositeArchRule.of(rules);
    }

    /** Static fields are final and hold no mutable collection, counter or random source. */
    private static ArchRule holdNoStaticMutableState(String root) {
        return CompositeArchRule.of(fields().that()
                        .areStatic()
                        .and()
                        .areDeclaredInClassesThat()
                        .resideInAPackage(root + "..")
                        .should()
                        .beFinal())
                .and(noFields()
                        .that()
                        .areStatic()
                        .and()
                        .areDeclaredInClassesThat()
                        .resideInAPackage(root + "..")
                        .should()
                        .haveRawType(describe(
                                "a mutable type " + MUTABLE_TYPES,
                                (JavaClass type) -> MUTABLE_TYPES.stream().anyMatch(type::isAssignableTo)))
                        .allowEmptyShould(true))
                .because("state shared by every caller makes results depend on who ran before; "
                        + "constants, enum constants and loggers are fine");
    }

    private static String[] packagesOf(List<String> modules) {
        return modules.stream().map(m -> m + "..").toArray(String[]::new);
    }
}
