package org.lawstats.devstack;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The devstack's jobs (docs/architecture.md): what each may use. */
class DevstackArchitectureTest {
    private static final JavaClasses DEVSTACK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.lawstats.devstack");

    @Test
    void theStackUsesNoJobOfItsUsers() {
        noClasses()
                .that()
                .resideInAPackage("..devstack.stack..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..devstack.bench..", "..devstack.chaos..", "..devstack.launcher..")
                .check(DEVSTACK);
    }

    @Test
    void theBenchmarkUsesNeitherChaosNorTheLauncher() {
        noClasses()
                .that()
                .resideInAPackage("..devstack.bench..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..devstack.chaos..", "..devstack.launcher..")
                .check(DEVSTACK);
    }

    @Test
    void chaosDoesNotUseTheLauncher() {
        noClasses()
                .that()
                .resideInAPackage("..devstack.chaos..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..devstack.launcher..")
                .check(DEVSTACK);
    }

    @Test
    void everyClassLivesInAJob() {
        noClasses().should().resideInAPackage("org.lawstats.devstack").check(DEVSTACK);
    }

    @Test
    void theJobsHaveNoCycles() {
        slices().matching("org.lawstats.devstack.(*)..")
                .should()
                .beFreeOfCycles()
                .check(DEVSTACK);
    }
}
