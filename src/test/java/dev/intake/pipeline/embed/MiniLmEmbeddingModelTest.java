package dev.intake.pipeline.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.intake.pipeline.embed.MiniLmEmbeddingModel.Options;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbeddingModelTest {

  private static final String[] TOPICS = {
    "the cat sleeps on the warm windowsill", "quarterly revenue rose eight percent",
    "the volcano erupted ash over the village", "a recipe for sourdough bread with rye",
    "the goalkeeper saved a penalty in extra time", "photosynthesis converts light to sugar",
    "the court dismissed the patent lawsuit", "a sonata for violin and piano in D minor",
    "the satellite entered orbit around Mars", "how to replace a leaking kitchen faucet"
  };

  private static MiniLmEmbeddingModel model;

  @BeforeAll
  static void load() {
    model = new MiniLmEmbeddingModel(new Options(2, 1, 1));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static double norm(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }

  private static float[] embedOne(String text) {
    return model.embed(List.of(text)).get(0);
  }

  @Test
  void describesItself() {
    assertThat(model.name()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(model.dimensions()).isEqualTo(384);
    assertThat(model.tokenizer().countTokens("Hello, world!")).isEqualTo(4);
  }

  @Test
  void returns384DimensionalUnitVectors() {
    List<float[]> vectors =
        model.embed(List.of("A short sentence.", "", "word ".repeat(300), TOPICS[3]));

    assertThat(vectors).hasSize(4);
    for (float[] vector : vectors) {
      assertThat(vector).hasSize(384);
      assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void similarSentencesAreCloserThanUnrelatedOnes() {
    List<float[]> v =
        model.embed(
            List.of(
                "A cat is sleeping on the sofa.",
                "A kitten naps on the couch.",
                "The central bank raised interest rates."));

    assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.3);
    assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(1), v.get(2)) + 0.3);
  }

  @Test
  void keepsTheOrderOfFiftyTextsEmbeddedInParallel() {
    List<String> texts =
        IntStream.range(0, 50)
            .mapToObj(i -> "Note " + i + ": " + TOPICS[i % TOPICS.length] + ", day " + (i * 7))
            .toList();
    List<float[]> alone = texts.stream().map(MiniLmEmbeddingModelTest::embedOne).toList();

    List<float[]> together = model.embed(texts);

    assertThat(together).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(cosine(together.get(i), alone.get(i))).as("text %d", i).isGreaterThan(0.9999);
      for (int j = 0; j < 50; j++) {
        if (j != i) {
          assertThat(cosine(together.get(i), alone.get(j)))
              .as("text %d vs %d", i, j)
              .isLessThan(0.999);
        }
      }
    }
  }

  @Test
  void emptyListGivesEmptyResult() {
    assertThat(model.embed(List.of())).isEmpty();
  }

  @Test
  void agreesWithLangchain4jOnTextsItDoesNotTruncate() {
    // langchain4j truncates at 128 tokens, so compare on short texts only.
    AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
    for (String text : List.of(TOPICS[0], TOPICS[6], "Mixed CASE, punctuation; and numbers: 42!")) {
      float[] expected = reference.embed(TextSegment.from(text)).content().vector();

      assertThat(cosine(embedOne(text), expected)).as(text).isGreaterThan(0.9999);
    }
  }

  @Test
  void embedsEveryTokenOfAChunkNotJustTheFirst128() {
    String start = (TOPICS[1] + ". ").repeat(25); // about 150 tokens
    float[] legal = embedOne(start + (TOPICS[6] + ". ").repeat(15));
    float[] music = embedOne(start + (TOPICS[7] + ". ").repeat(15));

    assertThat(model.tokenizer().countTokens(start)).isGreaterThan(128);
    assertThat(cosine(legal, music)).isLessThan(0.97);
  }

  @Test
  void embedsTextsLongerThanTheModelsPositionsInWindows() {
    String longText = (TOPICS[5] + ". ").repeat(200); // about 1400 tokens, > 512 positions
    float[] vector = embedOne(longText);

    assertThat(model.tokenizer().countTokens(longText)).isGreaterThan(1000);
    assertThat(norm(vector)).isCloseTo(1.0, within(1e-4));
    List<float[]> topics = model.embed(List.of(TOPICS));
    for (int t = 0; t < TOPICS.length; t++) {
      if (t != 5) {
        assertThat(cosine(vector, topics.get(5))).isGreaterThan(cosine(vector, topics.get(t)));
      }
    }
  }

  @Test
  void windowsStayWithinTheModelAndEndBetweenWords() {
    long[] ids = new long[1200];
    long[] words = new long[1200];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = 1000 + i;
      words[i] = i / 4; // every word is four word pieces; 510 is not a multiple of 4
    }

    List<long[]> windows = MiniLmEmbeddingModel.windows(new MiniLmTokenizer.Encoded(ids, words));

    List<Long> joined = new ArrayList<>();
    int offset = 0;
    for (long[] window : windows) {
      assertThat(window.length).isBetween(1, MiniLmEmbeddingModel.MAX_WINDOW_TOKENS);
      assertThat(offset % 4).as("window starts at a word").isZero();
      for (long id : window) {
        joined.add(id);
      }
      offset += window.length;
    }
    assertThat(windows).hasSize(3);
    assertThat(joined)
        .containsExactlyElementsOf(IntStream.range(1000, 2200).mapToObj(i -> (long) i).toList());
  }

  @Test
  void givesIdenticalVectorsForTheSameTextsEveryTime() {
    List<String> texts = List.of(TOPICS[0], TOPICS[1], "Another text, day 3.");

    List<float[]> first = model.embed(texts);
    List<float[]> second = model.embed(List.of(texts.get(2), texts.get(0), texts.get(1)));

    assertThat(first.get(0)).isEqualTo(second.get(1));
    assertThat(first.get(1)).isEqualTo(second.get(2));
    assertThat(first.get(2)).isEqualTo(second.get(0));
  }

  @Test
  void paddedBatchesMaskThePaddingButDependOnTheirBatchMates() {
    String shortText = "Short one.";
    String longText = (TOPICS[4] + " and then ").repeat(12);
    try (MiniLmEmbeddingModel batched = new MiniLmEmbeddingModel(new Options(1, 8, 1))) {
      // The same text twice: nothing differs between rows, so the batch changes nothing.
      assertThat(cosine(batched.embed(List.of(shortText, shortText)).get(0), embedOne(shortText)))
          .isGreaterThan(0.99999);
      // A short text padded to a long one: close, but the quantized model scales activations
      // over the whole batch, so batch-mates shift the result (one reason batching is off).
      List<float[]> padded = batched.embed(List.of(shortText, longText));
      assertThat(cosine(padded.get(0), embedOne(shortText))).isBetween(0.97, 0.99999);
      assertThat(cosine(padded.get(1), embedOne(longText))).isGreaterThan(0.99);
    }
  }

  @Test
  void readsTheModelOnlyWhenConstructedAndServesConcurrentCallers() throws Exception {
    CountingModelFiles files = new CountingModelFiles();
    MiniLmEmbeddingModel counted = new MiniLmEmbeddingModel(new Options(2, 1, 1), files);
    assertThat(files.modelOpens).hasValue(1);
    assertThat(files.tokenizerOpens).hasValue(1);

    ExecutorService workers = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<float[]>>> calls = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        List<String> texts = List.of(TOPICS).subList(w, w + 5);
        calls.add(workers.submit(() -> counted.embed(texts)));
      }
      for (int w = 0; w < 4; w++) {
        List<float[]> vectors = calls.get(w).get();
        assertThat(cosine(vectors.get(0), embedOne(TOPICS[w]))).isGreaterThan(0.9999);
      }
    } finally {
      workers.shutdownNow();
    }
    assertThat(files.modelOpens).hasValue(1);
    assertThat(files.tokenizerOpens).hasValue(1);

    counted.close();
    counted.close(); // idempotent
    assertThatThrownBy(() -> counted.embed(List.of("after close")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> counted.tokenizer().countTokens("after close"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rejectsNonsenseOptions() {
    assertThatThrownBy(() -> new Options(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Options.forParallelism(1).onnxThreads())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(Options.defaults().onnxThreads()).isEqualTo(1);
    assertThat(Options.defaults().batchSize()).isEqualTo(1);
    assertThat(Options.defaults().parallelism())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }
}
