package dev.pulsebridge.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the code keeps, checked on the compiled classes: the sync engine uses the Withings
 * features and never the other way round; the mapping and terminology modules stay pure; no package
 * depends on itself through others.
 */
class ArchitectureTest {

    private static JavaClasses server;
    private static JavaClasses pureModules;

    @BeforeAll
    static void importClasses() {
        ClassFileImporter importer = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        server = importer.importPackages("dev.pulsebridge.server");
        pureModules = importer.importPackages("dev.pulsebridge.mapping", "dev.pulsebridge.terminology");
    }

    @Test
    void withingsNeverUsesTheSyncEngine() {
        noClasses().that().resideInAPackage("dev.pulsebridge.server.withings..")
                .should().dependOnClassesThat().resideInAPackage("dev.pulsebridge.server.sync..")
                .because("sync uses withings (accounts, API client, links); the engine registers what it adds to "
                        + "Withings features through seams such as WithingsStatusContributor and FhirOperationProvider")
                .check(server);
    }

    @Test
    void featuresDoNotReachIntoTheSyncEngine() {
        noClasses().that().resideOutsideOfPackage("dev.pulsebridge.server.sync..")
                .should().dependOnClassesThat().resideInAPackage("dev.pulsebridge.server.sync..")
                .because("the sync engine is a feature with no public face beyond its configuration")
                .check(server);
    }

    @Test
    void mappingAndTerminologyUseNeitherSpringNorIo() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                        "java.net..", "java.nio.file..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileReader")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
                .because("mapping and terminology turn data into FHIR resources: data in, resources out")
                .check(pureModules);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.pulsebridge.server.(**)").should().beFreeOfCycles().check(server);
    }
}
