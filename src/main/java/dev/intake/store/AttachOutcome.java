package dev.intake.store;

import dev.intake.job.Document;

/**
 * What happened when a directory-batch job recorded the document it imported: it was recorded, or
 * identical content was already there ({@code duplicateOf}), or the job was no longer the worker's
 * ({@code owned} false).
 */
public record AttachOutcome(boolean owned, Document duplicateOf) {}
