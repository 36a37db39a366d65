package dev.skiff.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering DESIGN.md asks for, checked over the main classes of every module: dependencies
 * point down (pipeline ← store ← engine ← api ← server ← cli), the CLI uses the server only through
 * its entry points, and nothing above the executor SPI knows which executor runs steps.
 */
class LayeringTest {
  private static final JavaClasses SKIFF =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.skiff");

  /** The rules below would pass on an empty import: make sure every module's classes are here. */
  @Test
  void every_module_is_imported() {
    for (String c :
        new String[] {
          "dev.skiff.pipeline.PipelineParser",
          "dev.skiff.store.Database",
          "dev.skiff.engine.Engine",
          "dev.skiff.engine.executor.local.LocalProcessExecutor",
          "dev.skiff.kubernetes.executor.PodExecutor",
          "dev.skiff.deploy.gke.GkePlanRequest",
          "dev.skiff.api.ApiJson",
          "dev.skiff.server.SkiffServer",
          "dev.skiff.cli.Main",
          "dev.skiff.bench.BenchMain"
        }) {
      assertThat(SKIFF.contain(c)).as(c).isTrue();
    }
  }

  @Test
  void the_pipeline_model_depends_on_no_other_module() {
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.pipeline..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.skiff.store..",
            "dev.skiff.engine..",
            "dev.skiff.api..",
            "dev.skiff.server..",
            "dev.skiff.cli..")
        .check(SKIFF);
  }

  @Test
  void the_store_knows_nothing_above_it() {
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.skiff.engine..", "dev.skiff.api..", "dev.skiff.server..", "dev.skiff.cli..")
        .check(SKIFF);
  }

  @Test
  void the_engine_knows_neither_http_nor_the_cli() {
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.engine..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.skiff.api..", "dev.skiff.server..", "dev.skiff.cli..")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..", "picocli..", "com.fasterxml.jackson..")
        .check(SKIFF);
  }

  @Test
  void the_api_json_knows_neither_the_server_nor_the_cli() {
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.skiff.server..", "dev.skiff.cli..", "io.javalin..")
        .check(SKIFF);
  }

  @Test
  void the_server_does_not_reach_up_into_the_cli() {
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.skiff.cli..")
        .check(SKIFF);
  }

  @Test
  void the_cli_does_not_use_the_servers_routes_or_http_internals() {
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.skiff.server.api..", "dev.skiff.server.http..", "io.javalin..")
        .check(SKIFF);
  }

  @Test
  void nothing_above_the_executor_spi_knows_the_local_executor() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.skiff.engine.drive..",
            "dev.skiff.engine.run..",
            "dev.skiff.engine.schedule..",
            "dev.skiff.engine.launch..",
            "dev.skiff.engine.cache..",
            "dev.skiff.engine.persist..",
            "dev.skiff.engine.ownership..",
            "dev.skiff.engine.logs..",
            "dev.skiff.engine.retention..",
            "dev.skiff.engine.catalog..",
            "dev.skiff.engine.recurring..",
            "dev.skiff.engine.quota..",
            "dev.skiff.engine.notebook..",
            "dev.skiff.api..",
            "dev.skiff.server..",
            "dev.skiff.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.skiff.engine.executor.local..")
        .because(
            "only the Engine factory picks an executor; the rest talks to the StepExecutor SPI")
        .check(SKIFF);
  }

  @Test
  void cluster_mode_sits_beside_the_engine_below_the_server() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.skiff.pipeline..", "dev.skiff.store..", "dev.skiff.engine..", "dev.skiff.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.skiff.kubernetes..", "dev.skiff.deploy..", "io.fabric8..")
        .because("the engine knows steps and notebook servers only through its executor SPIs")
        .check(SKIFF);
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.kubernetes..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.skiff.api..", "dev.skiff.server..", "dev.skiff.cli..", "dev.skiff.deploy..")
        .check(SKIFF);
  }

  @Test
  void only_the_servers_cluster_wiring_and_config_know_kubernetes() {
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.server..")
        .and()
        .resideOutsideOfPackages("dev.skiff.server.cluster..", "dev.skiff.server.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.skiff.kubernetes..", "io.fabric8..", "io.javaoperatorsdk..")
        .because("routes, pages and the proxy talk to the engine's services, not to the cluster")
        .check(SKIFF);
  }

  @Test
  void the_step_pod_sides_meet_only_in_the_pod_contract() {
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.kubernetes.executor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.skiff.kubernetes.launcher..", "dev.skiff.kubernetes.operator..")
        .check(SKIFF);
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.kubernetes.launcher..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.skiff.kubernetes.executor..",
            "dev.skiff.kubernetes.operator..",
            "io.fabric8..",
            "io.javaoperatorsdk..")
        .because("the launcher runs in the pod: it needs the artifact store, not the API server")
        .check(SKIFF);
  }

  @Test
  void the_scheduler_and_the_run_model_do_no_io() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.skiff.engine.schedule..", "dev.skiff.engine.run..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.skiff.store..", "dev.skiff.engine.executor..", "java.sql..", "java.net..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.file.Files")
        .check(SKIFF);
  }

  @Test
  void recurring_runs_start_runs_only_through_the_catalog() {
    noClasses()
        .that()
        .resideInAPackage("dev.skiff.engine.recurring..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.skiff.engine.catalog..", "dev.skiff.engine.drive..", "dev.skiff.engine.executor..")
        .because(
            "the scheduler claims ticks; the catalog files and starts each tick's run (TickSubmitter)")
        .check(SKIFF);
  }

  @Test
  void the_engines_packages_form_no_cycles() {
    slices().matching("dev.skiff.engine.(*)..").should().beFreeOfCycles().check(SKIFF);
  }
}
