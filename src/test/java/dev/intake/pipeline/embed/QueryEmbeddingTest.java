package dev.intake.pipeline.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.intake.testing.Documents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A search query is embedded ahead of the ingestion work the model has queued. */
class QueryEmbeddingTest {
  private static MiniLmEmbeddingModel model;

  @BeforeAll
  static void load() {
    model = new MiniLmEmbeddingModel(1);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void aQueryDoesNotWaitBehindQueuedChunks() {
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      chunks.add(Documents.text(i, 3));
    }
    CompletableFuture<List<float[]>> ingestion = new CompletableFuture<>();
    Thread worker = Thread.ofPlatform().start(() -> ingestion.complete(model.embed(chunks)));
    // The worker waits for its chunks once it has queued all of them.
    await().atMost(Duration.ofSeconds(30)).until(() -> worker.getState() == Thread.State.WAITING);

    float[] query = model.embedQuery("harbour crane");

    assertThat(ingestion).as("the query came back while the chunks were still queued").isNotDone();
    assertThat(query).containsExactly(model.embed(List.of("harbour crane")).get(0));
    assertThat(ingestion.join()).hasSize(150);
  }
}
