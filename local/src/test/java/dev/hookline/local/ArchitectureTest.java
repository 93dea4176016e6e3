package dev.hookline.local;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasReturnType.Predicates.rawReturnType;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering every module promises (core <- infrastructure <- functions <- local; the CLI beside them on core) and
 * no package cycles, over the production classes of every module. It lives here because this module's test
 * classpath is the only one that holds them all (the CLI as a test dependency); Maven's module graph already stops a
 * lower module from compiling against a higher one, so these rules chiefly catch a dependency added to a pom, an
 * adapter reaching a handler, and a cycle inside one module. A rule that matches no class fails (ArchUnit's
 * default), so a module missing from the classpath cannot pass silently.
 *
 * <p>One {@code @ArchTest} method a rule: Surefire 3.5.3 skips {@code @ArchTest} fields (TNG/ArchUnit#1442).
 */
@AnalyzeClasses(packages = "dev.hookline", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The adapters and the SDK they wrap: only the composition root ({@code functions.wiring}) handles them. */
    private static final String[] ADAPTERS = {"dev.hookline.infrastructure..", "software.amazon.awssdk.."};

    @ArchTest
    void packagesAreFreeOfCycles(JavaClasses classes) {
        slices().matching("dev.hookline.(**)").should().beFreeOfCycles()
                .because("a package that needs another's type should own it or share a lower package: move the "
                        + "small interface or record to the package that owns the concept (or to one both use), or "
                        + "let the lower package declare a port the higher one implements; never merge the packages")
                .check(classes);
    }

    @ArchTest
    void coreUsesNoAws(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.hookline.core..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..")
                .because("core is the pure domain: declare a port (an interface) in core and implement it with the "
                        + "AWS SDK in infrastructure; Lambda's event types are decoded by the handlers in functions")
                .check(classes);
    }

    @ArchTest
    void coreDependsOnNoOuterModule(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.hookline.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hookline.infrastructure..",
                        "dev.hookline.functions..", "dev.hookline.local..", "dev.hookline.cli..")
                .because("every other module builds on core: move what core needs into core, or let the outer "
                        + "module hand it over through a core interface")
                .check(classes);
    }

    @ArchTest
    void infrastructureNeverUsesHandlers(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.hookline.infrastructure..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.hookline.functions..", "dev.hookline.local..", "dev.hookline.cli..")
                .because("adapters implement core's ports and know nothing of the handlers that use them: move the "
                        + "shared type into core (or into infrastructure if it is an AWS detail)")
                .check(classes);
    }

    @ArchTest
    void nothingDependsOnLocal(JavaClasses classes) {
        noClasses().that().resideOutsideOfPackage("dev.hookline.local..")
                .should().dependOnClassesThat().resideInAPackage("dev.hookline.local..")
                .because("local is the embedded runner and test harness and never ships: what deployed code needs "
                        + "belongs in core, infrastructure or functions")
                .check(classes);
    }

    @ArchTest
    void nothingDependsOnCli(JavaClasses classes) {
        noClasses().that().resideOutsideOfPackage("dev.hookline.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.hookline.cli..")
                .because("the CLI is a client of the API and never ships in a function: move what both need into "
                        + "core")
                .check(classes);
    }

    /** Handlers, routes and their helpers; the composition root (functions.wiring) may use everything. */
    @ArchTest
    void handlersCallServicesOnly(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.hookline.functions..")
                .and().resideOutsideOfPackage("dev.hookline.functions.wiring..")
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .orShould().callMethodWhere(target(rawReturnType(resideInAnyPackage(ADAPTERS))))
                .because("handlers and routes translate only (decode, call one core service, encode): reach an "
                        + "adapter through the core service or port that functions.wiring.Wiring builds and hands "
                        + "over, with the core interface as the getter's return type")
                .check(classes);
    }

    @ArchTest
    void cliStandsOnCoreOnly(JavaClasses classes) {
        noClasses().that().resideInAPackage("dev.hookline.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.hookline.infrastructure..",
                        "dev.hookline.functions..", "dev.hookline.local..", "software.amazon..", "com.amazonaws..")
                .because("the CLI talks to the API over HTTP and shares only core's domain (signing, verification, "
                        + "the doctor): put what it needs from the server side into core")
                .check(classes);
    }
}
