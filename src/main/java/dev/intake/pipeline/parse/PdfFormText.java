package dev.intake.pipeline.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationMarkup;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDNonTerminalField;
import org.apache.pdfbox.pdmodel.interactive.form.PDPushButton;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

/**
 * The text a PDF holds outside its pages' content streams, which the text stripper does not see:
 * the values filled into its form fields ("Name: Ada Lovelace"), and the comments readers added
 * (sticky notes, typewriter text, comments on highlights). Each goes on the page it sits on, after
 * that page's text; a field whose page is unknown goes on the last page.
 *
 * <p>Bounded for hostile files: at most {@value #MAX_FIELDS} fields and {@value #MAX_ANNOTATIONS}
 * annotations a page are read, each value cut at {@value #MAX_VALUE_CHARS} characters; a form that
 * cannot be read is passed over.
 */
final class PdfFormText {

  static final int MAX_FIELDS = 10_000;
  static final int MAX_ANNOTATIONS = 1_000;
  static final int MAX_VALUE_CHARS = 10_000;

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PdfFormText.class);

  private final Map<COSDictionary, List<String>> fieldsByPage = new HashMap<>();
  private final List<String> fieldsWithoutPage = new ArrayList<>();

  /** Reads the form of {@code document} once, before its pages are streamed. */
  PdfFormText(PDDocument document) {
    try {
      PDAcroForm form = document.getDocumentCatalog().getAcroForm(null);
      if (form != null) {
        collect(form.getFields(), 0, new int[] {0});
      }
    } catch (RuntimeException e) {
      log.debug("form fields not read", e);
    }
  }

  /**
   * What goes after the text of {@code page} (null: a page lost with a damaged page tree): its
   * fields' values and its comments, or "".
   */
  String after(PDPage page, boolean lastPage) {
    StringBuilder text = new StringBuilder();
    if (page != null) {
      fieldsByPage.getOrDefault(page.getCOSObject(), List.of()).forEach(f -> paragraph(text, f));
    }
    if (lastPage) {
      fieldsWithoutPage.forEach(f -> paragraph(text, f));
    }
    if (page != null) {
      comments(page, text);
    }
    return text.toString();
  }

  private void collect(List<PDField> fields, int depth, int[] count) {
    for (PDField field : fields) {
      if (count[0] >= MAX_FIELDS || depth > 32) {
        return;
      }
      count[0]++;
      if (field instanceof PDNonTerminalField parent) {
        collect(parent.getChildren(), depth + 1, count);
        continue;
      }
      if (field instanceof PDPushButton || field instanceof PDSignatureField) {
        continue;
      }
      String value = cut(field.getValueAsString());
      if (value.isBlank() || value.equals("Off")) {
        continue;
      }
      String label = field.getAlternateFieldName();
      if (label == null || label.isBlank()) {
        label = field.getPartialName();
      }
      String line = label == null || label.isBlank() ? value : cut(label).strip() + ": " + value;
      PDPage page = firstPage(field);
      if (page == null) {
        fieldsWithoutPage.add(line);
      } else {
        fieldsByPage.computeIfAbsent(page.getCOSObject(), p -> new ArrayList<>()).add(line);
      }
    }
  }

  private static PDPage firstPage(PDField field) {
    for (PDAnnotationWidget widget : field.getWidgets()) {
      if (widget.getPage() != null) {
        return widget.getPage();
      }
    }
    return null;
  }

  private static void comments(PDPage page, StringBuilder text) {
    List<PDAnnotation> annotations;
    try {
      annotations = page.getAnnotations();
    } catch (IOException | RuntimeException e) {
      return;
    }
    int n = 0;
    for (PDAnnotation annotation : annotations) {
      if (n++ >= MAX_ANNOTATIONS) {
        return;
      }
      if (!(annotation instanceof PDAnnotationMarkup markup)) {
        continue; // not a comment: a popup (it shows its parent's text), a link, a widget
      }
      String said = markup.getContents();
      if ((said == null || said.isBlank()) && markup.getRichContents() != null) {
        said = markup.getRichContents().replaceAll("<[^>]*>", " ");
      }
      if (said != null && !said.isBlank()) {
        paragraph(text, cut(said).strip());
      }
    }
  }

  private static String cut(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > MAX_VALUE_CHARS ? s.substring(0, MAX_VALUE_CHARS) : s;
  }

  private static void paragraph(StringBuilder text, String s) {
    if (!s.isBlank()) {
      text.append(text.isEmpty() ? "" : "\n\n").append(s);
    }
  }
}
