package dev.intake.pipeline.parse;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import com.optimaize.langdetect.text.RemoveMinorityScriptsTextFilter;
import com.optimaize.langdetect.text.TextObjectFactory;
import com.optimaize.langdetect.text.TextObjectFactoryBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the language a document's text is written in, for documents whose file does not declare one
 * (see {@link DocumentInfo#language()}). It reads the character n-grams of a sample of the text
 * against the 70 language profiles the detector library ships, and answers only when it is sure: at
 * least {@value #MIN_LETTERS} letters in words and a probability of at least {@value
 * #MIN_PROBABILITY} for the best language. Numbers, tables of figures, a few words or text mixing
 * two languages evenly give no language rather than a guess: a wrong language on a document is
 * worse than none.
 *
 * <p>Only words count: web and e-mail addresses and "words" longer than {@value #MAX_WORD}
 * characters (encoded data, hashes, a run of one letter) are left out, by a linear scan. The
 * library's own address filter is a regular expression that takes seconds on a 20,000-letter run,
 * and such a run gets a confident wrong answer (Maltese for "xxxx…").
 *
 * <p>The profiles are loaded once per process, on the first document that needs them (a parser
 * child loads them before it says it is ready, see {@link #preload}): about 1 s, and 74 MB of heap
 * kept for the life of the process (the library keeps a probability for each of the 70 languages
 * for each of 114,000 n-grams). A parser child whose heap is smaller than {@value #MIN_HEAP_MB} MB
 * does not load them, and tells no language: they would take more than a fifth of the memory its
 * documents have. Detection itself takes 0.3 ms for a paragraph and 4 ms for a full sample of
 * {@value #SAMPLE_CHARS} characters, and is deterministic (the library samples n-grams with a fixed
 * seed). The detector holds no state per call and is shared by all threads.
 */
final class TextLanguage {

  /** The most characters of a document the detection reads: its first ones. */
  static final int SAMPLE_CHARS = 20_000;

  /** Fewer letters than this are too few to tell a language by. */
  static final int MIN_LETTERS = 200;

  /** The least probability of the best language for it to be reported. */
  static final double MIN_PROBABILITY = 0.9;

  /** Longer "words" are not words. */
  static final int MAX_WORD = 40;

  /** The least heap ({@code -Xmx}) with which the profiles are loaded. */
  static final long MIN_HEAP_MB = 384;

  private static final Logger log = LoggerFactory.getLogger(TextLanguage.class);

  private TextLanguage() {}

  /**
   * The language {@code text} is written in, as a short BCP 47 tag ({@code en}, {@code de}, {@code
   * zh-CN}), or null when there is too little text or the detector is not sure. Reads at most the
   * first {@value #SAMPLE_CHARS} characters.
   */
  static String detect(CharSequence text) {
    return detect(text, Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  /** The same, in a process whose heap is at most {@code maxHeapMb}. */
  static String detect(CharSequence text, long maxHeapMb) {
    String words = words(text.length() > SAMPLE_CHARS ? text.subSequence(0, SAMPLE_CHARS) : text);
    if (letters(words) < MIN_LETTERS || maxHeapMb < MIN_HEAP_MB) {
      return null;
    }
    List<DetectedLanguage> found =
        Holder.DETECTOR.getProbabilities(Holder.TEXT_OBJECTS.forText(words));
    if (found.isEmpty() || found.get(0).getProbability() < MIN_PROBABILITY) {
      return null;
    }
    return found.get(0).getLocale().toString();
  }

  /**
   * Loads the profiles now, unless the heap is too small for them (see {@link #MIN_HEAP_MB}): a
   * parser child does so before it says it is ready, so that its first document's time limit does
   * not pay for them.
   */
  static void preload() {
    if (Runtime.getRuntime().maxMemory() / (1024 * 1024) >= MIN_HEAP_MB) {
      Objects.requireNonNull(Holder.DETECTOR);
    }
  }

  /**
   * The words of {@code text}, separated by single spaces: every run of non-white-space characters
   * except web addresses, e-mail addresses and runs longer than {@value #MAX_WORD} characters.
   */
  static String words(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length());
    int start = -1;
    for (int i = 0; i <= text.length(); i++) {
      boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
      if (!space && start < 0) {
        start = i;
      } else if (space && start >= 0) {
        CharSequence word = text.subSequence(start, i);
        if (isWord(word)) {
          out.append(out.isEmpty() ? "" : " ").append(word);
        }
        start = -1;
      }
    }
    return out.toString();
  }

  private static boolean isWord(CharSequence w) {
    if (w.length() > MAX_WORD) {
      return false;
    }
    String s = w.toString();
    return !s.contains("://") && !s.contains("@") && !s.regionMatches(true, 0, "www.", 0, 4);
  }

  static int letters(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isLetter(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  /** Loads the profiles when first used: a process that parses no document pays nothing. */
  private static final class Holder {
    static final LanguageDetector DETECTOR = load();

    /**
     * As the library's factory for large texts (letters of a script that makes less than 30 % of
     * the text dropped), for a whole sample; addresses are already gone (see {@link
     * TextLanguage#words}).
     */
    static final TextObjectFactory TEXT_OBJECTS =
        new TextObjectFactoryBuilder()
            .maxTextLength(SAMPLE_CHARS)
            .withTextFilter(RemoveMinorityScriptsTextFilter.forThreshold(0.3))
            .build();

    private static LanguageDetector load() {
      long start = System.nanoTime();
      try {
        LanguageDetector detector =
            LanguageDetectorBuilder.create(NgramExtractors.standard())
                .withProfiles(new LanguageProfileReader().readAllBuiltIn())
                .build();
        log.debug("Loaded the language profiles in {} ms", (System.nanoTime() - start) / 1_000_000);
        return detector;
      } catch (IOException e) {
        // The profiles are inside the application's own jar: a broken build, not a bad document.
        throw new UncheckedIOException("Cannot read the language profiles", e);
      }
    }
  }
}
