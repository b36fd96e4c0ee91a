package dev.intake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The hostile corpus's monitors see what they are for: a stalled /health, a child's memory. */
class MonitorsTest {

  @Test
  void aHealthEndpointThatStallsShowsAsAGap() throws Exception {
    CountDownLatch stall = new CountDownLatch(1);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/api/v1/health",
        exchange -> {
          if (stall.getCount() == 0) {
            sleep(Duration.ofMillis(3500));
          }
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    server.start();
    try (HealthMonitor monitor = new HealthMonitor(server.getAddress().getPort())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> monitor.answers() >= 2);
      assertThat(monitor.longestGap()).isLessThan(Duration.ofMillis(2500));
      stall.countDown();
      await().atMost(Duration.ofSeconds(15)).until(() -> monitor.answers() >= 4);
      assertThat(monitor.longestGap()).isGreaterThanOrEqualTo(Duration.ofMillis(3500));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theMemoryOfAProcessTreeIncludesItsChildren() throws Exception {
    Process parent = new ProcessBuilder("sh", "-c", "sleep 30 & sleep 30 & wait").start();
    try (ProcessTreeMemory memory = new ProcessTreeMemory(parent.pid())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> parent.descendants().count() >= 2 && memory.sample() > 0);
      long parentAlone = ProcessTreeMemory.rss(parent.pid());
      assertThat(parentAlone).isPositive();
      assertThat(memory.sample()).isGreaterThan(parentAlone);
      await().atMost(Duration.ofSeconds(10)).until(() -> memory.peakBytes() > parentAlone);
    } finally {
      parent.descendants().forEach(ProcessHandle::destroyForcibly);
      parent.destroyForcibly();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
