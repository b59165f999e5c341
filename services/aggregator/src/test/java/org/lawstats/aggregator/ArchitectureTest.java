package org.lawstats.aggregator;

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

class ArchitectureTest {
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
    void onlyTheWebLayerKnowsAboutHttp() {
        noClasses()
                .that()
                .resideOutsideOfPackage("..web..")
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
                .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("..indicators..")
                        .and(DescribedPredicate.not(HasName.Predicates.nameMatching(".*\\.indicators\\."
                                + "(Indicator|IndicatorCatalogue|FigureKey|Figures|FigureStore|FiguresView)(\\$.*)?"))))
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
                .resideInAnyPackage("..ingest..", "..topology..", "..web..")
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
