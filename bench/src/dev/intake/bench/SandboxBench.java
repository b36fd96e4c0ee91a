package dev.intake.bench;

import dev.intake.health.HealthRegistry;
import dev.intake.pipeline.chunk.Chunk;
import dev.intake.pipeline.chunk.Chunker;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.pipeline.embed.MiniLmTokenizer;
import dev.intake.pipeline.parse.DocumentParser;
import dev.intake.sandbox.ChunkListener;
import dev.intake.sandbox.ParseRequest;
import dev.intake.sandbox.ParserPool;
import dev.intake.sandbox.SandboxSettings;
import dev.intake.testing.Documents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.pipes.FetchEmitTuple;
import org.apache.tika.pipes.PipesClient;
import org.apache.tika.pipes.PipesConfig;
import org.apache.tika.pipes.PipesResult;
import org.apache.tika.pipes.emitter.EmitKey;
import org.apache.tika.pipes.fetcher.FetchKey;

/**
 * Parse and chunk the same documents three ways, one at a time, warm: in this JVM (the cost floor),
 * in an Intake parser child ({@link ParserPool}, chunks streamed back), and with Tika's own pipes
 * ({@link PipesClient}: a forked PipesServer that returns each document's whole text, chunked
 * here). Rounds are interleaved; medians of 3. Run with a plain {@code java -cp} (Tika's client
 * forks its server with this JVM's {@code java.class.path}); prints a Markdown table.
 */
public final class SandboxBench {
  private static final int TEXT_DOCS = 24;
  private static final int ROUNDS = 3;

  private interface Way {
    int chunks(Path file) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("sandbox-bench");
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < TEXT_DOCS; i++) {
      files.add(Files.write(dir.resolve("doc-" + i + ".txt"), Documents.textBytes(i, 150)));
    }
    files.add(pdf(dir.resolve("pages.pdf"), 40));
    ChunkingSettings settings = ChunkingSettings.DEFAULT;

    MiniLmTokenizer tokenizer = MiniLmTokenizer.load();
    Chunker chunker = new Chunker(tokenizer);
    DocumentParser parser = new DocumentParser();
    Way inProcess =
        file -> {
          List<String> pages = new ArrayList<>();
          parser.parse(file, file.getFileName().toString(), (p, t, text) -> pages.add(text));
          return chunker.chunk(pages, settings).size();
        };

    ParserPool pool =
        new ParserPool(
            new SandboxSettings(1, 512, Duration.ofSeconds(300), 1_000_000, 20_000, 50_000_000),
            new HealthRegistry(Clock.systemUTC()),
            reason -> {});
    Way child =
        file -> {
          int[] n = {0};
          pool.parse(
              new ParseRequest(file, file.getFileName().toString(), settings),
              new ChunkListener() {
                @Override
                public void page(int page, int totalPages) {}

                @Override
                public void chunk(Chunk chunk) {
                  n[0]++;
                }
              },
              () -> {});
          return n[0];
        };

    Path config = dir.resolve("tika-config.xml");
    Files.writeString(config, pipesConfig(dir, config));
    PipesClient pipes = new PipesClient(PipesConfig.load(config));
    Way tikaPipes =
        file -> {
          String name = file.getFileName().toString();
          PipesResult r =
              pipes.process(
                  new FetchEmitTuple(name, new FetchKey("fs", name), new EmitKey("empty", name)));
          if (r.getEmitData() == null) {
            throw new IllegalStateException("pipes: " + r);
          }
          String text =
              r.getEmitData().getMetadataList().get(0).get(TikaCoreProperties.TIKA_CONTENT);
          return chunker.chunk(List.of(text == null ? "" : text), settings).size();
        };

    List<String> names = List.of("in this JVM", "Intake parser child", "Tika pipes");
    List<Way> ways = List.of(inProcess, child, tikaPipes);
    double[][] rates = new double[ways.size()][ROUNDS];
    int[] chunks = new int[ways.size()];
    for (Way w : ways) { // warm-up: JIT, child start
      for (int i = 0; i < 6; i++) {
        w.chunks(files.get(i % files.size()));
      }
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (int w = 0; w < ways.size(); w++) {
        long t0 = System.nanoTime();
        int n = 0;
        for (Path f : files) {
          n += ways.get(w).chunks(f);
        }
        rates[w][round] = files.size() / ((System.nanoTime() - t0) / 1e9);
        chunks[w] = n;
      }
    }
    StringBuilder md = new StringBuilder();
    md.append("| way | docs | chunks | docs/s (median of ")
        .append(ROUNDS)
        .append(") | ms per doc | vs in this JVM |\n|---|---|---|---|---|---|\n");
    double base = BenchReport.median(rates[0]);
    for (int w = 0; w < ways.size(); w++) {
      double r = BenchReport.median(rates[w]);
      md.append("| ")
          .append(names.get(w))
          .append(" | ")
          .append(files.size())
          .append(" | ")
          .append(chunks[w])
          .append(" | ")
          .append(BenchReport.fmt(r))
          .append(" | ")
          .append(BenchReport.fmt(1000 / r))
          .append(" | ")
          .append(BenchReport.fmt(r / base))
          .append(" |\n");
    }
    System.out.println(BenchReport.machine());
    System.out.println(md);
    pool.close();
    pipes.close();
    tokenizer.close();
    System.exit(0);
  }

  private static String pipesConfig(Path dir, Path self) {
    return """
        <properties>
          <fetchers>
            <fetcher class="org.apache.tika.pipes.fetcher.fs.FileSystemFetcher">
              <name>fs</name>
              <basePath>%s</basePath>
            </fetcher>
          </fetchers>
          <emitters>
            <emitter class="org.apache.tika.pipes.emitter.EmptyEmitter"/>
          </emitters>
          <pipes>
            <params>
              <numClients>1</numClients>
              <maxForEmitBatchBytes>1000000000</maxForEmitBatchBytes>
              <forkedJvmArgs><arg>-Xmx512m</arg><arg>-XX:+UseSerialGC</arg></forkedJvmArgs>
              <timeoutMillis>300000</timeoutMillis>
              <tikaConfig>%s</tikaConfig>
            </params>
          </pipes>
        </properties>
        """
        .formatted(dir, self);
  }

  private static Path pdf(Path file, int pages) throws Exception {
    try (PDDocument doc = new PDDocument()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int p = 0; p < pages; p++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
          s.beginText();
          s.setFont(font, 10);
          s.newLineAtOffset(40, 740);
          for (String line : Documents.text(p, 4).split("(?<=\\G.{90})")) {
            s.showText(line.replace('\n', ' '));
            s.newLineAtOffset(0, -12);
          }
          s.endText();
        }
      }
      doc.save(file.toFile());
    }
    return file;
  }
}
