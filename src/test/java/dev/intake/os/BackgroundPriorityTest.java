package dev.intake.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Background work's CPU priority, read back from the kernel ({@code /proc}). The checks that lower
 * a thread need Linux and a test JVM that does not already run at nice 19 (nothing could be lowered
 * further); they are skipped otherwise.
 */
class BackgroundPriorityTest {

  private static void assumeLowerable() {
    assumeTrue(Threads.visible(), "per-thread nice values are a Linux feature");
    assumeTrue(Threads.currentNice() < BackgroundPriority.LOWEST, "the JVM already runs at 19");
  }

  @Test
  void aThreadOfTheFactoryRunsAtTheNiceValueAndItsCreatorDoesNot() throws Exception {
    assumeLowerable();
    int creator = Threads.currentNice();
    AtomicInteger seen = new AtomicInteger(-1);
    Thread t =
        BackgroundPriority.nice(19)
            .threads(Thread.ofPlatform().factory())
            .newThread(() -> seen.set(Threads.currentNice()));
    t.start();
    t.join();

    assertThat(seen.get()).isEqualTo(19);
    assertThat(Threads.currentNice()).isEqualTo(creator);
  }

  @Test
  void aThreadAlreadyAsLowIsLeftAlone() throws Exception {
    assumeLowerable();
    AtomicInteger seen = new AtomicInteger(-1);
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  BackgroundPriority.nice(19).applyToCurrentThread();
                  // 10 is a higher priority than 19: a lowered thread must not be raised again
                  BackgroundPriority.nice(10).applyToCurrentThread();
                  seen.set(Threads.currentNice());
                });
    t.join();

    assertThat(seen.get()).isEqualTo(19);
  }

  @Test
  void aChildProcessRunsUnderNice() throws Exception {
    assumeLowerable();
    Process p =
        new ProcessBuilder(BackgroundPriority.nice(19).command(List.of("sleep", "30"))).start();
    try {
      // nice sets the value, then replaces itself with the command: same process id. Right after
      // the start the child may not have got that far yet.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(p.info().command())
                    .hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));
                assertThat(BackgroundPriority.processNice(p.pid())).hasValue(19);
              });
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * A shutdown raises the lowered threads again, so that a native call starved on one of them ends
   * in time. Raising a priority takes privileges; without them it reports false, and the thread
   * stays where it was.
   */
  @Test
  void restoreRaisesTheFactorysRunningThreadsBackToTheProcessPriority() throws Exception {
    assumeLowerable();
    BackgroundPriority low = BackgroundPriority.nice(19);
    CountDownLatch lowered = new CountDownLatch(1);
    CountDownLatch restored = new CountDownLatch(1);
    AtomicInteger seen = new AtomicInteger(-1);
    Thread t =
        low.threads(Thread.ofPlatform().factory())
            .newThread(
                () -> {
                  lowered.countDown();
                  try {
                    restored.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  seen.set(Threads.currentNice());
                });
    t.start();
    lowered.await();
    int process = BackgroundPriority.processNice(ProcessHandle.current().pid()).orElseThrow();

    boolean raised = low.restoreThreads();
    restored.countDown();
    t.join();

    if (isRoot()) {
      assertThat(raised).isTrue();
      assertThat(seen.get()).isEqualTo(process);
    } else {
      System.err.println("SKIPPED in part: not root, so no thread may be raised again");
      assertThat(seen.get()).isEqualTo(raised ? process : 19);
    }
    assertThat(low.restoreThreads()).as("nothing left to raise once the thread ended").isTrue();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  @Test
  void normalPriorityChangesNothing() {
    assertThat(BackgroundPriority.nice(0)).isSameAs(BackgroundPriority.NORMAL);
    assertThat(BackgroundPriority.NORMAL.command(List.of("java", "-version")))
        .containsExactly("java", "-version");
    assertThat(BackgroundPriority.NORMAL.applyToCurrentThread()).isTrue();
  }

  @Test
  void aNiceValueOutsideUnixRangeIsRefused() {
    assertThatThrownBy(() -> BackgroundPriority.nice(20)).hasMessageContaining("0 to 19");
    assertThatThrownBy(() -> BackgroundPriority.nice(-1)).hasMessageContaining("0 to 19");
  }
}
