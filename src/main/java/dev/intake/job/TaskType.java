package dev.intake.job;

import java.util.Locale;

/** What a job does. */
public enum TaskType {
  SINGLE_DOCUMENT,
  DIRECTORY_BATCH,
  DOCUMENT_REPROCESS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskType fromWire(String value) {
    for (TaskType t : values()) {
      if (t.wireName().equalsIgnoreCase(value.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "task_type must be one of single_document, directory_batch, document_reprocess (got '"
            + value
            + "')");
  }
}
