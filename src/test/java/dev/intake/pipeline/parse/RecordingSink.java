package dev.intake.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** Records what a parser hands over, and checks the order it came in. */
final class RecordingSink implements PageSink {

  final List<String> pages = new ArrayList<>();
  final List<Integer> numbers = new ArrayList<>();
  final List<Integer> totals = new ArrayList<>();
  final List<Integer> ocrPages = new ArrayList<>();

  /** Each page's headings' titles, in order. */
  final List<List<String>> headings = new ArrayList<>();

  @Override
  public void page(int pageNumber, int totalPages, String text, List<Heading> found) {
    headings.add(found.stream().map(Heading::title).toList());
    page(pageNumber, totalPages, text);
  }

  @Override
  public void page(int pageNumber, int totalPages, String text) {
    numbers.add(pageNumber);
    totals.add(totalPages);
    pages.add(text);
  }

  @Override
  public void ocrPage(int pageNumber, int totalPages) {
    ocrPages.add(pageNumber);
  }

  long characters() {
    return pages.stream().mapToLong(String::length).sum();
  }

  String text() {
    return String.join("\n\n", pages);
  }

  /** Pages 1..total arrived in order, each announcing the same total. */
  void assertPagesInOrder(int total) {
    List<Integer> expected = new ArrayList<>();
    for (int n = 1; n <= total; n++) {
      expected.add(n);
    }
    assertThat(numbers).containsExactlyElementsOf(expected);
    assertThat(totals).hasSize(total).containsOnly(total);
  }
}
