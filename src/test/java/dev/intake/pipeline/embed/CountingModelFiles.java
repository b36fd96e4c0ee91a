package dev.intake.pipeline.embed;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/** The class-path model files, counting how often each is opened. */
final class CountingModelFiles implements ModelFiles {

  final AtomicInteger modelOpens = new AtomicInteger();
  final AtomicInteger tokenizerOpens = new AtomicInteger();

  @Override
  public InputStream openModel() throws IOException {
    modelOpens.incrementAndGet();
    return ModelFiles.CLASSPATH.openModel();
  }

  @Override
  public InputStream openTokenizer() throws IOException {
    tokenizerOpens.incrementAndGet();
    return ModelFiles.CLASSPATH.openTokenizer();
  }
}
