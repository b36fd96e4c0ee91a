package dev.intake.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel;
import dev.intake.pipeline.embed.MiniLmEmbeddingModel.Options;
import dev.intake.pipeline.embed.MiniLmTokenizer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Compares ways of feeding all-MiniLM-L6-v2 on this machine: langchain4j's {@code embedAll}, our
 * own pool of single-text calls, and padded batches. Prints a Markdown table of the median time per
 * round (texts of about 256 tokens), rounds interleaved across strategies so that load from other
 * processes hits them alike.
 *
 * <pre>
 * ./mvnw -q -Pbench test-compile exec:java -Dexec.mainClass=dev.intake.bench.EmbeddingStrategiesBench \
 *     [-Dbench.texts=64] [-Dbench.rounds=7] [-Dbench.tokens=256] [-Dbench.only=a,a',b,b2,b3,s,c,c2,c3]
 * </pre>
 */
public final class EmbeddingStrategiesBench {

  private static final String[] WORDS =
      ("the of and to in is that for it as was with be by on not he this are or his from at which"
              + " but have an they you were her she there been one all we their has would when if so"
              + " no will more can out other what about some into time only could new these two may"
              + " first then do any like my now over such our man me even most made after also did"
              + " many before must through back years where much your way well down should because"
              + " each just those people how too little state good very make world still own see men"
              + " work long get here between both life being under never day same another know while"
              + " last might us great old year off come since against go came right used take three"
              + " ingestion document retrieval embedding vector chunk paragraph sentence tokenizer"
              + " quarterly revenue contract warranty liability invoice compliance regulation audit"
              + " photosynthesis chlorophyll mitochondria enzyme protein molecule catalyst reaction")
          .split(" ");

  private record Strategy(String name, Function<List<String>, List<float[]>> embed) {}

  private EmbeddingStrategiesBench() {}

  public static void main(String[] args) throws Exception {
    int textCount = Integer.getInteger("bench.texts", 64);
    int rounds = Integer.getInteger("bench.rounds", 7);
    int tokens = Integer.getInteger("bench.tokens", 256);
    int cores = Runtime.getRuntime().availableProcessors();

    List<String> texts;
    try (MiniLmTokenizer tokenizer = MiniLmTokenizer.load()) {
      texts = generate(tokenizer, textCount, tokens);
      int[] counts = texts.stream().mapToInt(tokenizer::countTokens).toArray();
      System.out.printf(
          "%d texts of %d..%d tokens, %d rounds, %d cores, Java %s, load average %.2f%n",
          textCount,
          Arrays.stream(counts).min().orElse(0),
          Arrays.stream(counts).max().orElse(0),
          rounds,
          cores,
          Runtime.version(),
          loadAverage());
    }

    List<AutoCloseable> resources = new ArrayList<>();
    Map<String, Callable<Strategy>> all = new LinkedHashMap<>();
    all.put(
        "a",
        () ->
            new Strategy(
                "a. langchain4j embedAll, stock (truncates to 128 tokens)",
                langchain4j(new AllMiniLmL6V2QuantizedEmbeddingModel())));
    all.put(
        "a'",
        () -> new Strategy("a'. langchain4j embedAll, truncation off", langchain4j(untruncated())));
    all.put(
        "b",
        () ->
            own(
                "b. own pool: %d threads x 1 text/call, 1 ONNX thread".formatted(cores),
                new Options(cores, 1, 1),
                resources));
    all.put(
        "b2",
        () ->
            own(
                "b2. own pool: %d threads x 1 text/call, %d ONNX threads".formatted(cores, cores),
                new Options(cores, 1, cores),
                resources));
    all.put(
        "b3",
        () ->
            own(
                "b3. own pool: %d threads x 1 text/call, 1 ONNX thread".formatted(2 * cores),
                new Options(2 * cores, 1, 1),
                resources));
    all.put(
        "s",
        () ->
            own(
                "s. 1 thread x 1 text/call, %d ONNX threads".formatted(cores),
                new Options(1, 1, cores),
                resources));
    all.put(
        "c",
        () ->
            own(
                "c. 1 thread x 32 texts/call (padded), %d ONNX threads".formatted(cores),
                new Options(1, 32, cores),
                resources));
    all.put(
        "c2",
        () ->
            own(
                "c2. %d threads x 32 texts/call (padded), 1 ONNX thread".formatted(cores),
                new Options(cores, 32, 1),
                resources));
    all.put(
        "c3",
        () ->
            own(
                "c3. %d threads x 8 texts/call (padded), 1 ONNX thread".formatted(cores),
                new Options(cores, 8, 1),
                resources));

    List<String> keys = new ArrayList<>(all.keySet());
    String only = System.getProperty("bench.only");
    if (only != null) {
      keys.retainAll(List.of(only.split(",")));
    }
    List<Strategy> strategies = new ArrayList<>();
    for (String key : keys) {
      strategies.add(all.get(key).call());
    }

    // Warm-up round, kept as each strategy's output for the agreement check.
    List<List<float[]>> outputs = new ArrayList<>();
    for (Strategy strategy : strategies) {
      outputs.add(strategy.embed().apply(texts));
    }
    long[][] millis = new long[strategies.size()][rounds];
    long[][] cpuMillis = new long[strategies.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int s = 0; s < strategies.size(); s++) {
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        strategies.get(s).embed().apply(texts);
        millis[s][round] = (System.nanoTime() - start) / 1_000_000;
        cpuMillis[s][round] = (processCpuNanos() - cpu) / 1_000_000;
      }
    }

    // Speed relative to full-length langchain4j; agreement with strategy b, the default.
    int speedReference = keys.indexOf("a'");
    int vectorReference = keys.indexOf("b");
    System.out.printf("load average after: %.2f%n%n", loadAverage());
    System.out.println(
        "| strategy | median ms | min..max ms | texts/s | speed vs a' | CPU ms/text |"
            + " min cosine vs b |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (int s = 0; s < strategies.size(); s++) {
      long[] sorted = millis[s].clone();
      Arrays.sort(sorted);
      double median = median(millis[s]);
      System.out.printf(
          "| %s | %.0f | %d..%d | %.1f | %s | %.1f | %s |%n",
          strategies.get(s).name(),
          median,
          sorted[0],
          sorted[sorted.length - 1],
          textCount * 1000.0 / median,
          speedReference < 0 ? "-" : "%.2fx".formatted(median(millis[speedReference]) / median),
          median(cpuMillis[s]) / textCount,
          vectorReference < 0
              ? "-"
              : "%.5f".formatted(minCosine(outputs.get(s), outputs.get(vectorReference))));
    }
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  private static Strategy own(String name, Options options, List<AutoCloseable> resources) {
    MiniLmEmbeddingModel model = new MiniLmEmbeddingModel(options);
    resources.add(model);
    return new Strategy(name, model::embed);
  }

  private static Function<List<String>, List<float[]>> langchain4j(
      dev.langchain4j.model.embedding.EmbeddingModel model) {
    return texts -> {
      List<Embedding> embeddings =
          model.embedAll(texts.stream().map(TextSegment::from).toList()).content();
      return embeddings.stream().map(Embedding::vector).toList();
    };
  }

  /**
   * langchain4j's model built from the same files, but with a tokenizer.json whose truncation and
   * padding are removed, so that it embeds whole texts like ours does: a fair comparison.
   */
  private static OnnxEmbeddingModel untruncated() throws Exception {
    Path dir = Files.createTempDirectory("minilm-bench");
    dir.toFile().deleteOnExit();
    Path model = dir.resolve("model.onnx");
    Path tokenizer = dir.resolve("tokenizer.json");
    ClassLoader loader = EmbeddingStrategiesBench.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
      Files.copy(in, model);
    }
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = loader.getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      ObjectNode config = (ObjectNode) json.readTree(in);
      config.putNull("truncation");
      config.putNull("padding");
      json.writeValue(tokenizer.toFile(), config);
    }
    model.toFile().deleteOnExit();
    tokenizer.toFile().deleteOnExit();
    return new OnnxEmbeddingModel(model, tokenizer, PoolingMode.MEAN);
  }

  /** Pseudo-English texts of {@code tokens - 16 .. tokens} tokens, the same on every run. */
  private static List<String> generate(MiniLmTokenizer tokenizer, int count, int tokens) {
    Random random = new Random(42);
    List<String> texts = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      int target = tokens - random.nextInt(17);
      StringBuilder text = new StringBuilder();
      while (true) {
        StringBuilder sentence = new StringBuilder();
        int words = 6 + random.nextInt(14);
        for (int w = 0; w < words; w++) {
          String word = WORDS[random.nextInt(WORDS.length)];
          sentence.append(
              w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
          sentence.append(w == words - 1 ? ". " : " ");
        }
        if (tokenizer.countTokens(text.toString() + sentence) > target) {
          break;
        }
        text.append(sentence);
      }
      // Fill up to the target with single words.
      while (tokenizer.countTokens(text + WORDS[t % WORDS.length]) <= target) {
        text.append(WORDS[t % WORDS.length]).append(' ');
      }
      texts.add(text.toString().strip());
    }
    return texts;
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }

  private static double minCosine(List<float[]> a, List<float[]> b) {
    double min = 1;
    for (int i = 0; i < a.size(); i++) {
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int d = 0; d < a.get(i).length; d++) {
        dot += a.get(i)[d] * b.get(i)[d];
        na += a.get(i)[d] * a.get(i)[d];
        nb += b.get(i)[d] * b.get(i)[d];
      }
      min = Math.min(min, dot / Math.sqrt(na * nb));
    }
    return min;
  }

  /** CPU time of every thread of this process: shows cost even when other load skews wall time. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
