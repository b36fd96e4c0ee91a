package dev.intake.pipeline.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Deterministic synthetic documents and embeddings, so tests need no ML model. The embedding is a
 * hashed bag of words: texts sharing words get similar vectors, which is all the index relies on.
 */
final class TestCorpus {

  static final int DIMENSIONS = 384;
  static final int WORDS_PER_CHUNK = 12;

  private static final String CONSONANTS = "bdfgklmnprstvz";
  private static final String VOWELS = "aiou";

  private final List<String> vocabulary;
  private final Random random;

  TestCorpus(long seed, int vocabularySize) {
    random = new Random(seed);
    Set<String> words = new LinkedHashSet<>();
    while (words.size() < vocabularySize) {
      StringBuilder word = new StringBuilder();
      for (int syllable = 0; syllable < 3; syllable++) {
        word.append(CONSONANTS.charAt(random.nextInt(CONSONANTS.length())));
        word.append(VOWELS.charAt(random.nextInt(VOWELS.length())));
      }
      words.add(word.toString());
    }
    vocabulary = List.copyOf(words);
  }

  /** A sentence of random vocabulary words. */
  String sentence() {
    StringJoiner joiner = new StringJoiner(" ");
    for (int i = 0; i < WORDS_PER_CHUNK; i++) {
      joiner.add(vocabulary.get(random.nextInt(vocabulary.size())));
    }
    return joiner.toString();
  }

  /** A document of {@code chunkCount} random sentences, one per chunk. */
  List<IndexedChunk> document(String documentId, int chunkCount) {
    String[] texts = new String[chunkCount];
    for (int i = 0; i < chunkCount; i++) {
      texts[i] = sentence();
    }
    return chunks(documentId, texts);
  }

  /** A document with one chunk per text, each embedded with {@link #embed}. */
  static List<IndexedChunk> chunks(String documentId, String... texts) {
    List<IndexedChunk> chunks = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      chunks.add(chunk(documentId, i, texts[i], embed(texts[i])));
    }
    return chunks;
  }

  static IndexedChunk chunk(String documentId, int chunkIndex, String text, float[] vector) {
    return new IndexedChunk(
        documentId, documentId + ".pdf", chunkIndex, text, chunkIndex + 1, chunkIndex + 1, vector);
  }

  /** Hashed bag of words, L2-normalised. */
  static float[] embed(String text) {
    float[] vector = new float[DIMENSIONS];
    for (String token : text.toLowerCase(Locale.ROOT).split("\\W+")) {
      if (token.isEmpty()) {
        continue;
      }
      int hash = mix(token.hashCode());
      vector[Math.floorMod(hash, DIMENSIONS)] += (hash >>> 31) == 0 ? 1 : -1;
    }
    return normalise(vector);
  }

  /** A copy of {@code vector} moved slightly in a random direction, still L2-normalised. */
  static float[] perturb(float[] vector, long seed, double amount) {
    Random noise = new Random(seed);
    float[] moved = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      moved[i] = (float) (vector[i] + amount * noise.nextGaussian() / Math.sqrt(vector.length));
    }
    return normalise(moved);
  }

  static float[] negate(float[] vector) {
    float[] negated = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      negated[i] = -vector[i];
    }
    return negated;
  }

  static float[] normalise(float[] vector) {
    double sum = 0;
    for (float v : vector) {
      sum += v * v;
    }
    if (sum == 0) {
      vector[0] = 1;
      return vector;
    }
    float norm = (float) Math.sqrt(sum);
    for (int i = 0; i < vector.length; i++) {
      vector[i] /= norm;
    }
    return vector;
  }

  private static int mix(int h) {
    // Murmur3 finaliser: String.hashCode alone clusters similar words in the low bits.
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
