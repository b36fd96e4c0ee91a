package dev.intake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

/**
 * When tests that need PostgreSQL are skipped, fail, and how a skip is reported. Each case uses a
 * URL of its own: the gate asks each server once per JVM.
 */
class PostgresGateTest {

  private static String urlAt(int port, String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  @Test
  void aRefusedConnectionSkipsTheTest() {
    String url = urlAt(IntakeProcess.freePort(), "test");
    Throwable t = catchThrowable(() -> PostgresGate.require(url, false));
    assertThat(t).isInstanceOf(PostgresSkippedException.class).hasMessageContaining("refused");
    assertThat(((PostgresSkippedException) t).where()).startsWith(url);
  }

  @Test
  void underCiAnUnreachableServerFailsTheTest() {
    String url = urlAt(IntakeProcess.freePort(), "test");
    Throwable t = catchThrowable(() -> PostgresGate.require(url, true));
    assertThat(t)
        .isInstanceOf(AssertionError.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("CI=true");
  }

  @Test
  void aServerThatNeverAnswersSkipsTheTestAfterTheTimeOut() throws Exception {
    // The kernel completes the connection; nothing ever answers the driver's first message.
    try (ServerSocket silent = new ServerSocket(0)) {
      String url = urlAt(silent.getLocalPort(), "test");
      long t0 = System.nanoTime();
      Throwable t = catchThrowable(() -> PostgresGate.require(url, false));
      assertThat(t).isInstanceOf(PostgresSkippedException.class).hasMessageContaining("timed out");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(PostgresGate.TIMEOUT.toSeconds() + 5);
    }
  }

  @Test
  void aServerThatAnswersWithAnyOtherErrorFailsTheTestEvenOutsideCi() {
    TestDatabases.requirePostgres();
    String missing = "no_such_db_" + UUID.randomUUID().toString().substring(0, 8);
    String url = TestDatabases.POSTGRES_URL.replaceFirst("/test\\?", "/" + missing + "?");
    assertThat(url).contains(missing);
    Throwable t = catchThrowable(() -> PostgresGate.require(url, false));
    assertThat(t)
        .isInstanceOf(AssertionError.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining(missing);
  }

  @Test
  void skippedTestsAreCountedInOneLineAtTheEndOfTheRun() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PostgresSkipReport report =
        new PostgresSkipReport(new PrintStream(captured, true, StandardCharsets.UTF_8));
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(NeedsAnUnreachableServer.class))
            .build();
    // Only the report under test: not the one registered for the whole run.
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
    launcher.execute(request, report);

    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out.lines().filter(l -> l.contains("POSTGRESQL TESTS SKIPPED"))).hasSize(1);
    assertThat(out)
        .contains(
            "POSTGRESQL TESTS SKIPPED: 3 (server not reachable at "
                + NeedsAnUnreachableServer.URL
                + ": connection refused");
  }

  @Test
  void theReportListensToEveryRun() {
    assertThat(
            ServiceLoader.load(TestExecutionListener.class).stream().map(p -> p.type().getName()))
        .contains(PostgresSkipReport.class.getName());
  }

  /** Three tests skipped for PostgreSQL and one that runs; only run by the launcher above. */
  static class NeedsAnUnreachableServer {
    static final String URL = urlAt(IntakeProcess.freePort(), "test");

    @Test
    void first() {
      PostgresGate.require(URL, false);
    }

    @Test
    void second() {
      PostgresGate.require(URL, false);
    }

    @Test
    void third() {
      PostgresGate.require(URL, false);
    }

    @Test
    void unrelated() {}
  }
}
