package dev.embeddedcluster.junit;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The extension is thin glue over the library's public API (the root package), never its internals. */
@AnalyzeClasses(packages = "dev.embeddedcluster.junit", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class PublicApiOnlyTest {
    static {
        // The rule reads package names only: the classes it uses need not be imported.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    @ArchTest
    static final ArchRule usesThePublicApiOnly = classes().that().resideInAPackage("dev.embeddedcluster.junit..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.embeddedcluster", "dev.embeddedcluster.junit..",
                    "org.junit..", "org.springframework..", "java..");
}
