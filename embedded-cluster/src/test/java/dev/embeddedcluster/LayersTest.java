package dev.embeddedcluster;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of docs/ARCHITECTURE.md, bottom up: util and tls; resp and keyspace; cluster; command
 * (the handlers, which see their node through command.NodeContext); server (Netty, the node's
 * threads, replication's transport); the public API in the root package on top.
 */
@AnalyzeClasses(packages = "dev.embeddedcluster", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class LayersTest {
    private static final String ROOT = "dev.embeddedcluster";

    static {
        // The rules read package names only: Netty's, luaj's and the JDK's classes need not be imported.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    /** Each package under dev.embeddedcluster with its subpackages is one slice; no two reach each other. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.embeddedcluster.(*)..")
            .should().beFreeOfCycles();

    /** The root package (the public API) wires everything, so nothing below may use it. */
    @ArchTest
    static final ArchRule nothingBelowUsesThePublicApi = noClasses().that().resideOutsideOfPackage(ROOT)
            .and().resideInAPackage(ROOT + "..")
            .should().dependOnClassesThat().resideInAPackage(ROOT);

    @ArchTest
    static final ArchRule utilDependsOnNothingOfOurs = classes().that().resideInAPackage(ROOT + ".util..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".util..", "java..");

    /** The certificates of a TLS cluster: written with the JDK alone, no library for X.509 or DER. */
    @ArchTest
    static final ArchRule tlsUsesOnlyTheJdk = classes().that().resideInAPackage(ROOT + ".tls..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".tls..", "java..", "javax..");

    /** The codec: Netty's buffers, nothing of ours above the shared types. */
    @ArchTest
    static final ArchRule respKnowsOnlyTheSharedTypesAndNettyBuffers = classes().that().resideInAPackage(ROOT + ".resp..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".resp..", ROOT + ".util..",
                    "io.netty.buffer..", "io.netty.util..", "java..");

    /** Data types, expiry, memory: no command, thread or socket. */
    @ArchTest
    static final ArchRule keyspaceKnowsOnlyTheSharedTypes = classes().that().resideInAPackage(ROOT + ".keyspace..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".keyspace..", ROOT + ".util..", "java..");

    /** The topology: immutable data and its pure rules, over the key slots. */
    @ArchTest
    static final ArchRule clusterIsPureTopology = classes().that().resideInAPackage(ROOT + ".cluster..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(ROOT + ".cluster..", ROOT + ".keyspace..",
                    ROOT + ".util..", "java..");

    @ArchTest
    static final ArchRule handlersDoNotSeeTheServer = noClasses().that().resideInAPackage(ROOT + ".command..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".server..");

    @ArchTest
    static final ArchRule handlersDoNotImportNetty = noClasses().that().resideInAPackage(ROOT + ".command..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..");
}
