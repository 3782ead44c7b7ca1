package io.crowdpay.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * STYLE.md rule 2 and the engine's determinism, as executable rules: the engine depends on the JDK and
 * itself only (no other module, no framework, no SQL), and reads no clock, no randomness, no file and
 * no network. Each rule is also shown to fail on a deliberate violation, so a rule that silently
 * matches nothing cannot pass for a guard.
 */
class EngineBoundaryTest {

    private static final String ENGINE = "io.crowdpay.engine..";

    static final ArchRule ONLY_JDK_AND_ENGINE = classes().that().resideInAPackage(ENGINE)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ENGINE)
            .because("the engine imports nothing from other modules and no framework (STYLE.md rule 2)");

    static final ArchRule NO_FRAMEWORK_OR_OTHER_MODULE = noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.netty..", "com.fasterxml.jackson..", "net.openhft..", "com.lmax..", "io.nats..",
                    "java.sql..", "javax.sql..", "org.postgresql..",
                    "io.crowdpay.journal..", "io.crowdpay.gateway..", "io.crowdpay.replicator..",
                    "io.crowdpay.projections..", "io.crowdpay.proto..", "io.crowdpay.benchmarks..")
            .because("adapters depend on the engine, never the reverse");

    static final ArchRule NO_CLOCK = noClasses().that().resideInAPackage(ENGINE)
            .should().callMethodWhere(calls(System.class, "currentTimeMillis"))
            .orShould().callMethodWhere(calls(System.class, "nanoTime"))
            .orShould().callMethodWhere(callsNowOnJavaTime())
            .orShould().dependOnClassesThat().areAssignableTo(java.time.Clock.class)
            .orShould().dependOnClassesThat().areAssignableTo(java.time.InstantSource.class)
            .because("time arrives with each journaled command, or replay would differ");

    static final ArchRule NO_RANDOMNESS = noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat().areAssignableTo(java.util.Random.class)
            .orShould().dependOnClassesThat().areAssignableTo(java.util.random.RandomGenerator.class)
            .orShould().callMethodWhere(calls(Math.class, "random"))
            .orShould().callMethodWhere(calls(StrictMath.class, "random"))
            .orShould().callMethodWhere(calls(java.util.UUID.class, "randomUUID"))
            .because("random choices must come from outside as journaled facts");

    static final ArchRule NO_FILES_OR_NETWORK = noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.net..", "java.nio.channels..")
            .orShould().dependOnClassesThat().areAssignableTo(java.io.File.class)
            .orShould().dependOnClassesThat().areAssignableTo(java.io.FileInputStream.class)
            .orShould().dependOnClassesThat().areAssignableTo(java.io.FileOutputStream.class)
            .orShould().dependOnClassesThat().areAssignableTo(java.io.RandomAccessFile.class)
            .orShould().dependOnClassesThat().areAssignableTo(java.io.FileReader.class)
            .orShould().dependOnClassesThat().areAssignableTo(java.io.FileWriter.class)
            .because("the engine is bytes in, bytes out; the journal module decides where bytes live");

    private static JavaClasses engine;

    @BeforeAll
    static void importMainClasses() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.crowdpay.engine");
    }

    @Test
    void theImportSeesTheEngineAndNotItsTests() {
        assertThat(engine.contain(Engine.class)).isTrue();
        assertThat(engine.contain(io.crowdpay.engine.ledger.Ledger.class)).isTrue();
        assertThat(engine.contain(EngineBoundaryTest.class)).isFalse();
        assertThat(engine.contain(BoundaryViolations.ReadsWallClock.class)).isFalse();
    }

    @Test
    void engineDependsOnlyOnTheJdkAndItself() {
        ONLY_JDK_AND_ENGINE.check(engine);
    }

    @Test
    void engineDependsOnNoFrameworkNoSqlAndNoOtherModule() {
        NO_FRAMEWORK_OR_OTHER_MODULE.check(engine);
    }

    @Test
    void engineReadsNoClock() {
        NO_CLOCK.check(engine);
    }

    @Test
    void engineUsesNoRandomness() {
        NO_RANDOMNESS.check(engine);
    }

    @Test
    void engineTouchesNoFilesAndNoNetwork() {
        NO_FILES_OR_NETWORK.check(engine);
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of(BoundaryViolations.ReadsWallClock.class, NO_CLOCK),
                Arguments.of(BoundaryViolations.ReadsNanoTime.class, NO_CLOCK),
                Arguments.of(BoundaryViolations.ReadsInstantNow.class, NO_CLOCK),
                Arguments.of(BoundaryViolations.ReadsLocalDateNow.class, NO_CLOCK),
                Arguments.of(BoundaryViolations.ReadsAClock.class, NO_CLOCK),
                Arguments.of(BoundaryViolations.MakesRandom.class, NO_RANDOMNESS),
                Arguments.of(BoundaryViolations.MakesSecureRandom.class, NO_RANDOMNESS),
                Arguments.of(BoundaryViolations.UsesMathRandom.class, NO_RANDOMNESS),
                Arguments.of(BoundaryViolations.UsesRandomUuid.class, NO_RANDOMNESS),
                Arguments.of(BoundaryViolations.UsesThreadLocalRandom.class, NO_RANDOMNESS),
                Arguments.of(BoundaryViolations.TouchesFile.class, NO_FILES_OR_NETWORK),
                Arguments.of(BoundaryViolations.TouchesNioFile.class, NO_FILES_OR_NETWORK),
                Arguments.of(BoundaryViolations.TouchesNetwork.class, NO_FILES_OR_NETWORK),
                Arguments.of(BoundaryViolations.TouchesJdbc.class, NO_FRAMEWORK_OR_OTHER_MODULE),
                Arguments.of(BoundaryViolations.DependsOnAFramework.class, ONLY_JDK_AND_ENGINE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void givenDeliberateViolation_whenRuleEvaluated_thenItFails(Class<?> violator, ArchRule rule) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(violator));

        assertThat(result.hasViolation()).as("%s must catch %s", rule.getDescription(), violator.getSimpleName()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anySatisfy(line -> assertThat(line).contains(violator.getName()));
    }

    @Test
    void givenPureCode_whenEveryRuleEvaluated_thenNoViolation() {
        JavaClasses pure = new ClassFileImporter().importClasses(BoundaryViolations.Pure.class);

        for (ArchRule rule : new ArchRule[] {ONLY_JDK_AND_ENGINE, NO_FRAMEWORK_OR_OTHER_MODULE, NO_CLOCK, NO_RANDOMNESS, NO_FILES_OR_NETWORK}) {
            assertThat(rule.evaluate(pure).hasViolation()).as(rule.getDescription()).isFalse();
        }
    }

    private static DescribedPredicate<JavaAccess<?>> calls(Class<?> owner, String method) {
        return DescribedPredicate.describe(owner.getSimpleName() + "." + method + "()",
                access -> access.getTargetOwner().isEquivalentTo(owner) && access.getName().equals(method));
    }

    private static DescribedPredicate<JavaAccess<?>> callsNowOnJavaTime() {
        return DescribedPredicate.describe("java.time.*.now()", access -> {
            JavaClass owner = access.getTargetOwner();
            return owner.getPackageName().equals("java.time") && access.getName().equals("now");
        });
    }
}
