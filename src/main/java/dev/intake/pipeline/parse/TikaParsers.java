package dev.intake.pipeline.parse;

import java.util.List;
import java.util.Map;
import org.apache.tika.config.ServiceLoader;
import org.apache.tika.detect.DefaultDetector;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.DefaultParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.executable.ExecutableParser;
import org.apache.tika.parser.ocr.TesseractOCRParser;
import org.apache.tika.parser.pkg.CompressorParser;
import org.apache.tika.parser.pkg.PackageParser;

/**
 * Tika's standard parsers, the ones Intake uses for every format it does not lay out itself, and
 * for documents embedded in others. Tika's own OCR parser is left out: images go to Intake's OCR
 * (see {@code dev.intake.pipeline.ocr}), with its page limits and time limits, and the pictures
 * inside a document are read by it only when the document has no other text (see {@link
 * PictureOcr}).
 *
 * <p>It also decides which detected types Intake reads: every type one of these parsers reads from.
 * Some give little beyond their metadata (a song's tags, a font's names, a drawing's labels), and
 * that little is the document's text, as Tika would give it; a file of which nothing can be read
 * fails as "no extractable text". Programs are refused as unsupported. Archives and compressed
 * files are read as one document of all their files (an uploaded ZIP is ingested as a batch of its
 * files instead).
 */
final class TikaParsers {

  private final MediaTypeRegistry registry = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();
  private final DefaultParser leaves =
      new DefaultParser(registry, new ServiceLoader(), List.of(TesseractOCRParser.class));
  private final Map<MediaType, Parser> byType = leaves.getParsers(new ParseContext());
  private final AutoDetectParser autoDetect = new AutoDetectParser(new DefaultDetector(), leaves);

  /** Detects the type of its input, then parses it with the parser for that type. */
  Parser autoDetect() {
    return autoDetect;
  }

  /** The format Intake reads {@code type} as, or null if Intake does not read it. */
  DocumentFormat formatOf(MediaType type) {
    DocumentFormat named = DocumentFormat.named(type);
    if (named != null) {
      return named;
    }
    Parser parser = parserFor(type);
    if (parser == null || parser instanceof ExecutableParser) {
      // A program's "text" would be its headers: nothing to retrieve.
      return null;
    }
    if (parser instanceof PackageParser || parser instanceof CompressorParser) {
      return DocumentFormat.ARCHIVE;
    }
    return DocumentFormat.OTHER;
  }

  /** Tika's parser for {@code type} (parameters count: WordPerfect's version picks its parser). */
  private Parser parserFor(MediaType type) {
    for (MediaType t = type; t != null; t = registry.getSupertype(t)) {
      Parser parser = byType.get(t);
      if (parser != null) {
        return parser;
      }
    }
    return null;
  }
}
