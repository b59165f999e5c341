package org.lawstats.aggregator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RestController;

class ArchitectureTest {
    // Every feature package: each may use web/ (shared HTTP), access/ and registry/; web/ uses none of them.
    private static final String[] FEATURES = {
        "..alerts..",
        "..audit..",
        "..cases..",
        "..completeness..",
        "..counsel..",
        "..dashboard..",
        "..deadlines..",
        "..gateway..",
        "..imports..",
        "..indicators..",
        "..ingest..",
        "..live..",
        "..reports..",
        "..store..",
        "..topology..",
        "..units.."
    };
    // A controller or a configuration, or a type nested in one (a listener a controller keeps, a firewall a
    // configuration makes).
    private static final DescribedPredicate<JavaClass> HTTP_SIDE =
            new DescribedPredicate<>("a controller or a configuration, or nested in one") {
                @Override
                public boolean test(JavaClass type) {
                    for (JavaClass c = type;
                            c != null;
                            c = c.getEnclosingClass().orElse(null)) {
                        if (c.isAnnotatedWith(RestController.class) || c.isAnnotatedWith(Configuration.class)) {
                            return true;
                        }
                    }
                    return false;
                }
            };
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.lawstats.aggregator");

    @Test
    void featurePackagesDoNotDependOnEachOtherInCycles() {
        slices().matching("org.lawstats.aggregator.(*)..")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    @Test
    void eachControllerLivesInItsFeaturePackagePrivate() {
        // A feature owns its HTTP next to its service and store (spring-petclinic); web/ keeps what they share.
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .resideOutsideOfPackage("..web..")
                .andShould()
                .notBePublic()
                .check(classes);
    }

    @Test
    void theSharedWebKnowsNoFeature() {
        // Security, errors, parameters, downloads and the OpenAPI setup: they know the users and the units, no more.
        noClasses()
                .that()
                .resideInAPackage("..web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FEATURES)
                .check(classes);
    }

    @Test
    void onlyControllersAndTheSharedWebKnowAboutHttp() {
        // A feature's services and stores answer in its own terms; a controller maps them to HTTP. Configurations
        // may set the web server up (the uploads' limits are the imports').
        noClasses()
                .that()
                .resideOutsideOfPackage("..web..")
                .and(DescribedPredicate.not(HTTP_SIDE))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void ingestionAndTheApiStayApart() {
        noClasses()
                .that()
                .resideInAPackage("..ingest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..web..")
                .check(classes);
        // The topology evaluates the indicators (ADR 15): it reads their one definition, and keeps the figures as the
        // view reads them (one key, one value codec, the stores: ADR 22); nothing else of the indicators.
        noClasses()
                .that()
                .resideInAnyPackage("..ingest..", "..topology..")
                .should()
                .dependOnClassesThat(
                        JavaClass.Predicates.resideInAPackage("..indicators..")
                                .and(
                                        DescribedPredicate.not(
                                                HasName.Predicates.nameMatching(
                                                        ".*\\.indicators\\."
                                                                + "(Indicator|IndicatorCatalogue|EventDocument|FigureKey|Figures|FigureStore|FiguresView)(\\$.*)?"))))
                .check(classes);
        // The topology is Kafka Streams and the indicators' data only: no HTTP, no Elasticsearch, no Spring Kafka.
        noClasses()
                .that()
                .resideInAPackage("..topology..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..ingest..", "..web..", "..store..", "co.elastic..", "org.springframework.kafka..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage("..web..", "..indicators..")
                .or()
                .areAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..ingest..", "..topology..")
                .check(classes);
    }

    @Test
    void caseRecordsAndAccessRulesKnowNeitherIngestNorTheWeb() {
        noClasses()
                .that()
                .resideInAnyPackage("..cases..", "..access..", "..registry..", "..store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..ingest..", "..topology..")
                .check(classes);
        noClasses()
                .that()
                .resideInAnyPackage("..access..", "..registry..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..web..")
                .check(classes);
    }

    @Test
    void nothingIsFieldInjected() {
        noFields()
                .should()
                .beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired")
                .orShould()
                .beAnnotatedWith("org.springframework.beans.factory.annotation.Value")
                .check(classes);
    }
}
