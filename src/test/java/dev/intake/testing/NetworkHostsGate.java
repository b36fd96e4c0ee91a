package dev.intake.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.TestAbortedException;

/**
 * Decides whether a test that builds hosts out of network namespaces runs: it needs root, {@code
 * ip} and {@code tc} (iproute2), {@code runuser} and the PostgreSQL 15 server binaries. Without
 * them the test is skipped, loudly ({@link NetworkHostsSkipReport}); under {@code CI=true} it
 * fails.
 */
public final class NetworkHostsGate {
  public static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");

  private static volatile String missing;
  private static volatile boolean asked;

  private NetworkHostsGate() {}

  public static void require() {
    if (!asked) {
      missing = ask();
      asked = true;
    }
    if (missing == null) {
      return;
    }
    String message = "network-namespace hosts cannot be built here: " + missing;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " (required under CI=true)");
    }
    throw new Skipped(message);
  }

  private static String ask() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "not running as root";
    }
    for (String tool : new String[] {"/usr/sbin/ip", "/usr/sbin/tc", "/usr/sbin/runuser"}) {
      if (!Files.isExecutable(Path.of(tool)) && !onPath(Path.of(tool).getFileName().toString())) {
        return tool + " is missing";
      }
    }
    if (!Files.isExecutable(PG_BIN.resolve("initdb"))
        || !Files.isExecutable(PG_BIN.resolve("postgres"))) {
      return "the PostgreSQL 15 server binaries are not in " + PG_BIN;
    }
    String probe = "ikprobe" + ProcessHandle.current().pid();
    try {
      NetworkHosts.run("ip", "netns", "add", probe);
      NetworkHosts.run("ip", "netns", "del", probe);
    } catch (IOException e) {
      return "ip netns does not work: " + e.getMessage();
    }
    return null;
  }

  private static boolean onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
        return true;
      }
    }
    return false;
  }

  /** A test skipped because hosts could not be built; counted by {@link NetworkHostsSkipReport}. */
  public static final class Skipped extends TestAbortedException {
    Skipped(String message) {
      super(message);
    }
  }
}
