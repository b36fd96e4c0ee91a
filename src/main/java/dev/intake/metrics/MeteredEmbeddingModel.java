package dev.intake.metrics;

import dev.intake.pipeline.chunk.Tokenizer;
import dev.intake.pipeline.embed.EmbeddingModel;
import io.micrometer.core.instrument.Timer;
import java.util.List;

/** An embedding model whose calls are timed, failed ones too (a slow failure is still slow). */
final class MeteredEmbeddingModel implements EmbeddingModel {
  private final EmbeddingModel model;
  private final Timer documents;
  private final Timer queries;

  MeteredEmbeddingModel(EmbeddingModel model, Timer documents, Timer queries) {
    this.model = model;
    this.documents = documents;
    this.queries = queries;
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public int dimensions() {
    return model.dimensions();
  }

  @Override
  public Tokenizer tokenizer() {
    return model.tokenizer();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return documents.record(() -> model.embed(texts));
  }

  @Override
  public float[] embedQuery(String text) {
    return queries.record(() -> model.embedQuery(text));
  }

  @Override
  public void close() {
    model.close();
  }
}
