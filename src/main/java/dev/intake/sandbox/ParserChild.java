package dev.intake.sandbox;

import dev.intake.pipeline.chunk.Chunker;
import dev.intake.pipeline.chunk.ChunkingSettings;
import dev.intake.pipeline.embed.MiniLmTokenizer;
import dev.intake.pipeline.ocr.Ocr;
import dev.intake.pipeline.ocr.OcrMode;
import dev.intake.pipeline.ocr.OcrSettings;
import dev.intake.pipeline.parse.DocumentParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parser child's entry point, started by {@link ParserProcess} as {@code java -Xmx… -cp …
 * dev.intake.sandbox.ParserChild MAX_CHARACTERS MAX_CHUNKS OCR_MODE OCR_LANGUAGES
 * OCR_PAGE_TIMEOUT_MS}. Reads PARSE requests from stdin, one at a time, and answers each on stdout
 * (see {@link Frames}); logs go to stderr. Its READY frame says whether it can OCR. Exits when
 * stdin ends, and also when its parent process is gone (checked every second), so a parent killed
 * with SIGKILL leaves no child behind even while a document is being parsed; a Tesseract it runs is
 * killed with it.
 *
 * <p>Runs with {@code -XX:+ExitOnOutOfMemoryError}: running out of memory ends the process at once
 * with exit code 3, which the parent reports as the file needing more memory than the child has.
 */
public final class ParserChild {
  private static final Logger log = LoggerFactory.getLogger(ParserChild.class);

  private ParserChild() {}

  public static void main(String[] args) {
    // Frames own stdout: anything else a library prints goes to stderr, the parent's log.
    BufferedOutputStream frames =
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    System.setOut(System.err);
    watchParent();
    ParseAndChunk.Bounds bounds =
        new ParseAndChunk.Bounds(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
    Ocr ocr =
        new Ocr(
            new OcrSettings(
                OcrMode.named(args[2]),
                args[3],
                Duration.ofMillis(Long.parseLong(args[4])),
                Integer.parseInt(args[5])));
    MiniLmTokenizer tokenizer = MiniLmTokenizer.load();
    ParseAndChunk work =
        new ParseAndChunk(
            new DocumentParser(bounds.maxCharacters(), ocr), new Chunker(tokenizer), bounds);
    warmUp(work);
    ChildOutput out = new ChildOutput(frames);
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
    try {
      out.ready(ocr.unavailableReason());
      while (true) {
        int type = Frames.readType(in);
        if (type < 0) {
          break; // the parent closed our stdin: stop
        }
        if (type != Frames.PARSE) {
          throw new IOException("corrupt request: unknown frame type " + type);
        }
        work.run(ParseRequest.read(in), out);
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("parser child stops: the parent's pipe failed: {}", e.getMessage());
      Runtime.getRuntime().halt(2);
    }
    Runtime.getRuntime().halt(0);
  }

  /**
   * Parses and chunks a few sentences once before saying READY, so that the first real document
   * does not wait for Tika's type detection, the text parser, the tokenizer and the language
   * profiles to load: a fresh child replacing a crashed one is ready for work, not just started,
   * and a document's time limit is its own.
   */
  private static void warmUp(ParseAndChunk work) {
    try {
      DocumentParser.preloadLanguageProfiles();
      Path file = Files.createTempFile("intake-parser-warm-up", ".txt");
      try {
        Files.writeString(
            file, "Warm-up. The parser reads this once before its first document.\n\nA paragraph.");
        work.run(
            new ParseRequest(file, "warm-up.txt", ChunkingSettings.DEFAULT),
            new ChildOutput(OutputStream.nullOutputStream()));
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      // LinkageError: the language profiles could not be loaded; documents get no language.
      log.warn("the parser's warm-up failed: {}", e.toString());
    }
  }

  /** Ends this process once its parent is gone (the child was re-parented or the parent died). */
  private static void watchParent() {
    ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
    if (parent == null) {
      return;
    }
    Thread.ofPlatform()
        .daemon()
        .name("parent-watch")
        .start(
            () -> {
              while (true) {
                try {
                  Thread.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException e) {
                  return;
                }
                if (!parent.isAlive()) {
                  // A Tesseract busy with a page would outlive this process: halt skips hooks.
                  ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                  Runtime.getRuntime().halt(0);
                }
              }
            });
  }
}
