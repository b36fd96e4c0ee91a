package dev.intake.pipeline.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmTokenizerTest {

  private static MiniLmTokenizer tokenizer;

  @BeforeAll
  static void load() {
    tokenizer = MiniLmTokenizer.load();
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void countsWordPiecesWithoutClsAndSep() {
    // [CLS] hello , world ! [SEP] -> 4 without the special tokens
    assertThat(tokenizer.countTokens("Hello, world!")).isEqualTo(4);
    // "embeddings" is split into word pieces: em ##bed ##ding ##s
    assertThat(tokenizer.countTokens("embeddings")).isEqualTo(4);
  }

  @Test
  void doesNotTruncateLikeTheShippedTokenizerJson() {
    assertThat(tokenizer.countTokens("word ".repeat(1000))).isEqualTo(1000);
  }

  @Test
  void blankTextHasNoTokens() {
    assertThat(tokenizer.countTokens("")).isZero();
    assertThat(tokenizer.countTokens(" \n\t ")).isZero();
  }

  @Test
  void encodesWithoutSpecialTokensAndKnowsTheirIds() {
    MiniLmTokenizer.Encoded encoded = tokenizer.encode("Hello, world!");

    assertThat(encoded.ids()).containsExactly(7592, 1010, 2088, 999);
    assertThat(encoded.wordIds()).hasSize(4);
    assertThat(tokenizer.clsId()).isEqualTo(101);
    assertThat(tokenizer.sepId()).isEqualTo(102);
  }

  @Test
  void countsConcurrentlyTheSameAsSequentially() throws Exception {
    List<String> texts =
        IntStream.range(0, 400)
            .mapToObj(i -> "Sentence number " + i + " is " + "long ".repeat(i % 50))
            .toList();
    List<Integer> expected = texts.stream().map(tokenizer::countTokens).toList();

    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Integer>>> results =
          IntStream.range(0, 4)
              .mapToObj(
                  t -> threads.submit(() -> texts.stream().map(tokenizer::countTokens).toList()))
              .toList();
      for (Future<List<Integer>> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void refusesWorkOnceClosed() {
    MiniLmTokenizer own = MiniLmTokenizer.load();
    own.close();
    own.close(); // idempotent

    assertThatThrownBy(() -> own.countTokens("text"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
