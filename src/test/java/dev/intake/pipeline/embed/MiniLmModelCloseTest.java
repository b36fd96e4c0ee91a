package dev.intake.pipeline.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.intake.pipeline.embed.MiniLmEmbeddingModel.Options;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing the model while inference runs: a caller interrupted mid-call returns at once, but the
 * pool threads are still inside ONNX Runtime, and an interrupt does not stop native code. Freeing
 * the session under them crashed the JVM (SIGSEGV in libonnxruntime) on SIGTERM; close must wait.
 */
class MiniLmModelCloseTest {

  /** Pool threads of any model that are inside a native inference call right now. */
  private static List<Thread> insideInference() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(e -> e.getKey().getName().startsWith("minilm-embed-"))
        .filter(
            e ->
                Arrays.stream(e.getValue())
                    .anyMatch(
                        f ->
                            f.getClassName().equals("ai.onnxruntime.OrtSession")
                                && f.getMethodName().equals("run")
                                && f.isNativeMethod()))
        .map(e -> e.getKey())
        .toList();
  }

  /**
   * Embeds {@code texts} on a thread of its own, which puts what the call answered or threw into
   * {@code answer}; returns that thread once one of the model's threads is inside ONNX Runtime.
   */
  private static Thread embedInferenceUnderway(
      MiniLmEmbeddingModel model, List<String> texts, AtomicReference<Object> answer) {
    Thread caller =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    answer.set(model.embed(texts));
                  } catch (Throwable t) {
                    answer.set(t);
                  }
                });
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(1))
        .until(() -> !insideInference().isEmpty());
    return caller;
  }

  @Test
  void closeReturnsOnlyAfterInferenceInProgressHasLeftNativeCode() throws Exception {
    MiniLmEmbeddingModel model = new MiniLmEmbeddingModel(new Options(2, 1, 1));
    String longText =
        "The quarterly report discusses revenue, risk and outlook in detail. ".repeat(40);
    List<String> texts = Collections.nCopies(200, longText);
    AtomicReference<Object> callerSaw = new AtomicReference<>();
    Thread caller = embedInferenceUnderway(model, texts, callerSaw);
    caller.interrupt(); // what a shutdown does to a worker thread that is embedding
    caller.join(10_000);
    assertThat(callerSaw.get()).as("the interrupted caller gave up").isInstanceOf(Throwable.class);

    model.close();
    assertThat(insideInference()).as("threads still running inference after close").isEmpty();
    assertThatThrownBy(() -> model.embed(List.of("after close")))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * At nice 19 on a busy machine one inference can outlast close's wait, and a JVM that exits while
   * ONNX Runtime still runs crashes in it. So close stops the inference in progress (ONNX Runtime's
   * terminate flag) instead of waiting for it to finish: the call fails, its vectors are never
   * produced.
   */
  @Test
  void closeStopsAnInferenceInProgressInsteadOfWaitingForIt() throws Exception {
    MiniLmEmbeddingModel model = new MiniLmEmbeddingModel(new Options(1, 1, 1));
    // One text of about 40 windows: a single native call that runs for a second or more.
    String longText =
        "The quarterly report discusses revenue, risk and outlook in detail. ".repeat(700);
    AtomicReference<Object> callerSaw = new AtomicReference<>();
    Thread caller = embedInferenceUnderway(model, List.of(longText), callerSaw);

    model.close();
    caller.join(10_000);
    assertThat(insideInference()).as("threads still running inference after close").isEmpty();
    Object answer = callerSaw.get();
    assertThat(answer instanceof Throwable)
        .as("the call in progress failed once the model closed (it answered %s)", answer)
        .isTrue();
  }
}
