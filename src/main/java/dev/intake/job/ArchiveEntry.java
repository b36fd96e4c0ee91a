package dev.intake.job;

/**
 * A file of an uploaded archive, already in the blob store: what its batch child records as its
 * document when it runs.
 *
 * @param blobKey where the entry's bytes are stored
 * @param name the document's name: the entry's last path segment, cleaned
 * @param sizeBytes the stored size
 * @param sha256 the stored bytes' hash (lower-case hex), for finding duplicates
 */
public record ArchiveEntry(String blobKey, String name, long sizeBytes, String sha256) {}
