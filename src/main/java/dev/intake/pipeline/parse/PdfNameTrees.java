package dev.intake.pipeline.parse;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.apache.pdfbox.pdmodel.common.COSObjectable;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a PDF name tree (named destinations, embedded files) in key order, within bounds. PDFBox's
 * own look-up recurses through the kids without remembering where it has been, so a hostile file
 * whose tree points back into itself would never end; this walk visits each node once, at most
 * {@value #MAX_NODES} nodes and {@value #MAX_DEPTH} levels deep, and skips a node it cannot read.
 */
final class PdfNameTrees {

  static final int MAX_NODES = 100_000;
  static final int MAX_DEPTH = 32;

  private static final Logger log = LoggerFactory.getLogger(PdfNameTrees.class);

  private PdfNameTrees() {}

  /**
   * Hands each name and value to {@code visitor} in tree order, until it returns false or the
   * bounds are reached.
   */
  static <T extends COSObjectable> void forEach(
      PDNameTreeNode<T> root, BiPredicate<String, T> visitor) {
    if (root == null) {
      return;
    }
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    walk(root, 0, seen, visitor);
  }

  private static <T extends COSObjectable> boolean walk(
      PDNameTreeNode<T> node, int depth, Set<Object> seen, BiPredicate<String, T> visitor) {
    if (depth >= MAX_DEPTH || seen.size() >= MAX_NODES || !seen.add(node.getCOSObject())) {
      return true;
    }
    Map<String, T> names;
    List<PDNameTreeNode<T>> kids;
    try {
      names = node.getNames();
      kids = node.getKids();
    } catch (IOException | RuntimeException e) {
      log.debug("skipped an unreadable node of a PDF name tree", e);
      return true;
    }
    if (names != null) {
      for (Map.Entry<String, T> e : names.entrySet()) {
        if (e.getValue() != null && !visitor.test(e.getKey(), e.getValue())) {
          return false;
        }
      }
    }
    if (kids != null) {
      for (PDNameTreeNode<T> kid : kids) {
        if (kid != null && !walk(kid, depth + 1, seen, visitor)) {
          return false;
        }
      }
    }
    return true;
  }
}
