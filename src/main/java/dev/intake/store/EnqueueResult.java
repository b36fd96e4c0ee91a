package dev.intake.store;

import dev.intake.job.Document;
import dev.intake.job.Job;

/**
 * The outcome of enqueueing an upload: either a new document with its job, or ({@code duplicate})
 * the document already holding identical content with the same settings, and its latest job ({@code
 * null} once retention deleted it: documents outlive their jobs).
 */
public record EnqueueResult(Document document, Job job, boolean duplicate) {}
