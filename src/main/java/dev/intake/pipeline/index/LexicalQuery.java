package dev.intake.pipeline.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Turns a user's text into a BM25 query without any query syntax. Rather than escaping input for
 * the classic QueryParser (which still throws on some inputs and on too many clauses), the text is
 * run through the index analyzer and each distinct term becomes an optional clause, so no input can
 * produce a parse error.
 */
final class LexicalQuery {

  // Far below IndexSearcher's default limit of 1024 clauses, so even a pasted page of text is a
  // valid query; the first terms of a long question carry enough signal.
  static final int MAX_TERMS = 256;

  // An extra clause rewards chunks containing the words in order, which ranks a quoted sentence's
  // source first. Long inputs skip it: they are rarely verbatim quotes and positions cost time.
  static final int MAX_PHRASE_TERMS = 64;
  static final int PHRASE_SLOP = 2;

  private LexicalQuery() {}

  /** Returns the query, or empty if the text has no searchable terms (e.g. only stop words). */
  static Optional<Query> parse(Analyzer analyzer, String field, String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    List<String> tokens = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      int position = -1;
      while (stream.incrementToken()) {
        position += increment.getPositionIncrement();
        tokens.add(term.toString());
        positions.add(position);
      }
      stream.end();
    } catch (IOException e) {
      // Analysing an in-memory string does no I/O; this would be a bug in the analyzer.
      throw new UncheckedIOException(e);
    }
    Set<String> distinct = new LinkedHashSet<>(tokens);
    if (distinct.isEmpty()) {
      return Optional.empty();
    }
    BooleanQuery.Builder terms = new BooleanQuery.Builder();
    distinct.stream()
        .limit(MAX_TERMS)
        .forEach(t -> terms.add(new TermQuery(new Term(field, t)), Occur.SHOULD));
    if (tokens.size() < 2 || tokens.size() > MAX_PHRASE_TERMS) {
      return Optional.of(terms.build());
    }
    PhraseQuery.Builder phrase = new PhraseQuery.Builder().setSlop(PHRASE_SLOP);
    for (int i = 0; i < tokens.size(); i++) {
      phrase.add(new Term(field, tokens.get(i)), positions.get(i));
    }
    return Optional.of(
        new BooleanQuery.Builder()
            .add(terms.build(), Occur.MUST)
            .add(phrase.build(), Occur.SHOULD)
            .build());
  }
}
