package dev.intake.pipeline.parse;

import java.util.Date;
import org.apache.poi.hpsf.SummaryInformation;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.sl.usermodel.SlideShow;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a deck says about itself: title, author, language and creation time from its document
 * properties (a PPTX's core properties; a PPT's summary information, which has no language).
 * Properties a damaged file garbles are left out; the deck is read all the same.
 */
final class SlideDocumentInfo {
  private static final Logger log = LoggerFactory.getLogger(SlideDocumentInfo.class);

  private SlideDocumentInfo() {}

  static DocumentInfo read(SlideShow<?, ?> show) {
    try {
      if (show instanceof XMLSlideShow pptx) {
        POIXMLProperties.CoreProperties core = pptx.getProperties().getCoreProperties();
        return new DocumentInfo(
            core.getTitle(),
            core.getCreator(),
            core.getUnderlyingProperties().getLanguageProperty().orElse(null),
            instant(core.getCreated()));
      }
      if (show instanceof HSLFSlideShow ppt) {
        SummaryInformation summary = ppt.getSummaryInformation();
        if (summary != null) {
          return new DocumentInfo(
              summary.getTitle(), summary.getAuthor(), null, instant(summary.getCreateDateTime()));
        }
      }
    } catch (RuntimeException e) {
      log.debug("the deck's document properties could not be read", e);
    }
    return DocumentInfo.NONE;
  }

  private static java.time.Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
