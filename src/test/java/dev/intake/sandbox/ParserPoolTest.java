package dev.intake.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.intake.health.HealthRegistry;
import dev.intake.hostile.HostilePdfs;
import dev.intake.pipeline.IngestException;
import dev.intake.pipeline.chunk.Chunk;
import dev.intake.pipeline.chunk.Chunker;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.pipeline.embed.MiniLmTokenizer;
import dev.intake.pipeline.ocr.OcrMode;
import dev.intake.pipeline.ocr.OcrSettings;
import dev.intake.pipeline.parse.DocumentParser;
import dev.intake.pipeline.parse.ParseSummary;
import dev.intake.testing.Documents;
import dev.intake.testing.PageImages;
import dev.intake.testing.TesseractGate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser sandbox with real child processes started from the test class path: what crosses the
 * pipe, and what happens to a document and to the pool when a child runs out of memory, overruns
 * its time, is killed or is recycled.
 */
class ParserPoolTest {

  @TempDir Path dir;

  private final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  private final List<String> restarts = new CopyOnWriteArrayList<>();
  private final List<ParserPool> pools = new ArrayList<>();

  @AfterEach
  void closePools() {
    pools.forEach(ParserPool::close);
  }

  private ParserPool pool(int heapMb, Duration timeout, int recycleAfter) {
    ParserPool pool =
        new ParserPool(
            new SandboxSettings(1, heapMb, timeout, recycleAfter, 20_000, 50_000_000),
            health,
            restarts::add);
    pools.add(pool);
    return pool;
  }

  private ParserPool pool() {
    return pool(512, Duration.ofSeconds(60), 100);
  }

  private ParserPool pool(OcrSettings ocr) {
    ParserPool pool =
        new ParserPool(
            new SandboxSettings(1, 512, Duration.ofSeconds(60), 100, 20_000, 50_000_000, ocr),
            health,
            restarts::add);
    pools.add(pool);
    return pool;
  }

  private static class Collected implements ChunkListener {
    final List<Chunk> chunks = new ArrayList<>();
    final List<Integer> pages = new ArrayList<>();
    final List<Integer> ocrPages = new CopyOnWriteArrayList<>();

    @Override
    public void ocrPage(int page, int totalPages) {
      ocrPages.add(page);
    }

    @Override
    public void page(int page, int totalPages) {
      pages.add(page);
    }

    @Override
    public void chunk(Chunk chunk) {
      chunks.add(chunk);
    }
  }

  private static final Runnable ACTIVE = () -> {};

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  /** About {@code megabytes} MB of ordinary English text in paragraphs. */
  private Path bigText(String name, int megabytes) throws IOException {
    Path file = dir.resolve(name);
    String paragraph = Documents.text(7, 20);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long written = 0; written < megabytes * 1024L * 1024L; written += paragraph.length()) {
        w.write(paragraph);
        w.write("\n\n");
      }
    }
    return file;
  }

  private static ParseRequest request(Path file) {
    return new ParseRequest(file, file.getFileName().toString(), ChunkingSettings.DEFAULT);
  }

  @Test
  void eachChildSaysWhetherItCanOcrAndThePoolReportsIt() {
    pool().prestart();
    HealthRegistry.Level expected =
        TesseractGate.installed() ? HealthRegistry.Level.OK : HealthRegistry.Level.DOWN;
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () ->
                assertThat(health.snapshot().get(ParserPool.OCR_HEALTH_PART))
                    .isNotNull()
                    .extracting(HealthRegistry.Status::level)
                    .isEqualTo(expected));
    pools.getLast().close();
    assertThat(health.snapshot()).doesNotContainKey(ParserPool.OCR_HEALTH_PART);

    pool(OcrSettings.DEFAULT.withMode(OcrMode.OFF)).prestart();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> health.snapshot().containsKey(ParserPool.HEALTH_PART));
    assertThat(health.snapshot()).as("OCR off: not reported").doesNotContainKey("ocr");
  }

  @Test
  void aPageThatTakesForeverToRenderIsStoppedByTheParentAtThePageLimit() throws IOException {
    TesseractGate.require();
    Path pdf = HostilePdfs.imageUnderEndlessLines(dir.resolve("lines.pdf"), 8L << 20);
    ParserPool pool = pool(new OcrSettings(OcrMode.AUTO, "eng", Duration.ofSeconds(2)));
    Collected got = new Collected();

    assertThatThrownBy(() -> pool.parse(request(pdf), got, ACTIVE))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.isPermanent()).isTrue();
              assertThat(e.code()).isEqualTo("ocr_timeout");
              assertThat(e.getMessage())
                  .isEqualTo("OCR of page 1 stopped after 2 s (INTAKE_OCR_PAGE_TIMEOUT)");
            });
    assertThat(got.ocrPages).containsExactly(1);
    assertThat(restarts).containsExactly("timed_out");
  }

  /**
   * A Word file of scanned pages is read by OCR of its pictures, which takes seconds a picture:
   * that time counts against each picture's OCR limit, as a scanned PDF's pages do, not against the
   * parse limit, or every long scanned document would fail as "too long to parse".
   */
  @Test
  void theOcrOfPicturesInsideADocumentDoesNotCountAgainstTheParseLimit() throws Exception {
    TesseractGate.require();
    int pictures = 6;
    Path docx = dir.resolve("scans.docx");
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(docx)) {
      for (int i = 1; i <= pictures; i++) {
        Path png =
            PageImages.write(
                dir.resolve("scan-" + i + ".png"),
                "png",
                List.of("Berth " + i + " was allocated to the ferry.", "The harbour is calm."));
        try (InputStream in = Files.newInputStream(png)) {
          doc.createParagraph()
              .createRun()
              .addPicture(
                  in,
                  Document.PICTURE_TYPE_PNG,
                  "scan-" + i + ".png",
                  Units.toEMU(300),
                  Units.toEMU(400));
        }
      }
      doc.write(out);
    }
    Duration parseLimit = Duration.ofSeconds(2);
    ParserPool pool =
        new ParserPool(
            new SandboxSettings(
                1,
                512,
                parseLimit,
                100,
                20_000,
                50_000_000,
                new OcrSettings(OcrMode.AUTO, "eng", Duration.ofSeconds(60))),
            health,
            restarts::add);
    pools.add(pool);
    pool.prestart();
    Collected got = new Collected();

    long t0 = System.nanoTime();
    pool.parse(request(docx), got, ACTIVE);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    String text = String.join(" ", got.chunks.stream().map(Chunk::text).toList());
    for (int i = 1; i <= pictures; i++) {
      assertThat(text).contains("Berth " + i);
    }
    assertThat(got.ocrPages).as("each picture announced").containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(took).as("the parse outlasted its limit, on OCR").isGreaterThan(parseLimit);
    assertThat(restarts).isEmpty();
  }

  @Test
  void chunksCrossThePipeExactlyAsTheyAreMadeInProcess() throws IOException {
    Path file = write("report.txt", Documents.text(3, 60));
    Collected got = new Collected();

    ParseSummary summary = pool().parse(request(file), got, ACTIVE);

    List<Chunk> expected;
    try (MiniLmTokenizer tokenizer = MiniLmTokenizer.load()) {
      List<String> pages = new ArrayList<>();
      new DocumentParser().parse(file, "report.txt", (page, total, text) -> pages.add(text));
      expected = new Chunker(tokenizer).chunk(pages, ChunkingSettings.DEFAULT);
    }
    assertThat(got.chunks).hasSizeGreaterThan(5).isEqualTo(expected);
    assertThat(got.pages).containsExactly(1);
    assertThat(summary.contentType()).isEqualTo("text/plain");
    assertThat(summary.pages()).isEqualTo(1);
  }

  @Test
  void aDocumentsFailureKeepsItsMessageAndKindAndTheChildIsKept() throws IOException {
    ParserPool pool = pool();
    Path empty = write("empty.txt", "");

    assertThatThrownBy(() -> pool.parse(request(empty), new Collected(), ACTIVE))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.isPermanent()).isTrue();
              assertThat(e.code()).isEqualTo("empty");
              assertThat(e).hasMessage("The file is empty");
            });
    long pid = pool.pids().getFirst();
    Path missing = dir.resolve("gone.txt");
    assertThatThrownBy(() -> pool.parse(request(missing), new Collected(), ACTIVE))
        .isInstanceOfSatisfying(IngestException.class, e -> assertThat(e.isPermanent()).isFalse());

    assertThat(pool.pids()).containsExactly(pid);
    assertThat(restarts).isEmpty();
  }

  @Test
  void aFileThatNeedsMoreThanTheHeapFailsPermanentlyAndTheChildIsReplaced() throws IOException {
    ParserPool pool = pool(64, Duration.ofSeconds(120), 100);
    Path huge = bigText("huge.txt", 40); // 80 MB as Java characters

    assertThatThrownBy(() -> pool.parse(request(huge), new Collected(), ACTIVE))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.isPermanent()).isTrue();
              assertThat(e)
                  .hasMessage(
                      "The file needs more than the parser's 64 MB memory limit"
                          + " (INTAKE_PARSER_HEAP_MB)");
            });

    assertThat(restarts).containsExactly("out_of_memory");
    assertNextDocumentWorks(pool);
  }

  @Test
  void aDocumentOverTheTimeLimitIsStoppedAndTheChildReplaced() throws IOException {
    ParserPool pool = pool(512, Duration.ofSeconds(1), 100);
    pool.parse(request(write("warm.txt", "Warm up.")), new Collected(), ACTIVE);
    long first = pool.pids().getFirst();
    Path slow = bigText("slow.txt", 20);

    long t0 = System.nanoTime();
    assertThatThrownBy(() -> pool.parse(request(slow), new Collected(), ACTIVE))
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.isPermanent()).isTrue();
              assertThat(e).hasMessage("Parsing stopped after 1 s (INTAKE_PARSE_TIMEOUT)");
            });

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(first).map(p -> !p.isAlive()).orElse(true));
    assertThat(restarts).containsExactly("timed_out");
    assertNextDocumentWorks(pool);
  }

  @Test
  void anAnswerAlreadyWaitingWhenTheTimeLimitRunsOutIsTaken() throws IOException {
    ParserPool pool = pool(512, Duration.ofSeconds(1), 100);
    pool.parse(request(write("warm.txt", "Warm up.")), new Collected(), ACTIVE);
    long pid = pool.pids().getFirst();
    Path doc = write("doc.txt", Documents.text(4, 3));
    // The listener holds the worker past the limit; meanwhile the child finishes the small file.
    Collected slow =
        new Collected() {
          @Override
          public void chunk(Chunk chunk) {
            if (chunks.isEmpty()) {
              sleep(Duration.ofMillis(2500));
            }
            super.chunk(chunk);
          }
        };

    ParseSummary summary = pool.parse(request(doc), slow, ACTIVE);

    assertThat(summary.pages()).isEqualTo(1);
    assertThat(slow.chunks).isNotEmpty();
    assertThat(slow.pages).containsExactly(1);
    assertThat(pool.pids()).containsExactly(pid);
    assertThat(restarts).isEmpty();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aChildKilledMidDocumentFailsThatDocumentAsACrash() throws Exception {
    // Generous limits: on a loaded machine the child may take tens of seconds to start and to
    // reach its first chunk of a 20 MB text; the kill itself is found at once.
    ParserPool pool = pool(512, Duration.ofMinutes(5), 100);
    Path big = bigText("big.txt", 20);
    // Killed from the first chunk, so the request has been read and the document is being worked
    // on: a 20 MB text makes thousands of chunks, far more than the frame queue and the pipe hold,
    // so the child cannot have finished while this callback holds the reader back. (The first
    // page() comes only after that page's chunks, near the end of a one-page text.)
    ChunkListener killing =
        new Collected() {
          @Override
          public void chunk(Chunk chunk) {
            if (chunks.isEmpty()) {
              ProcessHandle child = ProcessHandle.of(leasedPid(pool)).orElseThrow();
              child.destroyForcibly(); // SIGKILL
              child.onExit().join();
            }
            super.chunk(chunk);
          }
        };
    CompletableFuture<ParseSummary> parse =
        CompletableFuture.supplyAsync(() -> pool.parse(request(big), killing, ACTIVE));

    assertThat(parse)
        .failsWithin(Duration.ofMinutes(5))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOfSatisfying(
            IngestException.class,
            e -> {
              assertThat(e.isPermanent()).isTrue();
              assertThat(e).hasMessage("The parser crashed on this file");
            });
    assertThat(restarts).containsExactly("crashed");
    assertNextDocumentWorks(pool);
  }

  @Test
  void aChildIsReplacedAfterTheConfiguredNumberOfDocuments() throws IOException {
    ParserPool pool = pool(512, Duration.ofSeconds(60), 2);
    Path doc = write("doc.txt", Documents.text(1, 3));
    List<Long> usedBy = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      usedBy.add(pidParsing(pool, doc));
    }

    assertThat(usedBy.get(0)).isEqualTo(usedBy.get(1));
    assertThat(usedBy.get(2)).isNotEqualTo(usedBy.get(0));
    assertThat(restarts).containsExactly("recycled");
  }

  @Test
  void aJobStoppedMidDocumentStopsItsChildAndTheNextDocumentWorks() throws IOException {
    ParserPool pool = pool();
    Path doc = write("doc.txt", Documents.text(2, 80));
    ChunkListener cancelling =
        new Collected() {
          @Override
          public void chunk(Chunk chunk) {
            throw new IllegalStateException("cancelled");
          }
        };

    assertThatThrownBy(() -> pool.parse(request(doc), cancelling, ACTIVE)).hasMessage("cancelled");

    assertThat(restarts).containsExactly("stopped");
    assertNextDocumentWorks(pool);
  }

  @Test
  void closingThePoolEndsItsChildren() throws IOException {
    ParserPool pool = pool();
    pool.parse(request(write("a.txt", "Some text.")), new Collected(), ACTIVE);
    ProcessHandle child = ProcessHandle.of(pool.pids().getFirst()).orElseThrow();

    pool.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
  }

  private long pidParsing(ParserPool pool, Path doc) {
    long[] pid = {0};
    pool.parse(
        request(doc),
        new Collected() {
          @Override
          public void page(int page, int totalPages) {
            pid[0] = leasedPid(pool);
          }
        },
        ACTIVE);
    return pid[0];
  }

  private static long leasedPid(ParserPool pool) {
    List<Long> leased = pool.leasedPids();
    return leased.isEmpty() ? 0 : leased.getFirst();
  }

  private void assertNextDocumentWorks(ParserPool pool) throws IOException {
    Collected next = new Collected();
    pool.parse(request(write("next.txt", Documents.text(9, 5))), next, ACTIVE);
    assertThat(next.chunks).isNotEmpty();
    assertThat(pool.pids()).hasSize(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> health.snapshot().get(ParserPool.HEALTH_PART).level() == HealthRegistry.Level.OK);
  }
}
