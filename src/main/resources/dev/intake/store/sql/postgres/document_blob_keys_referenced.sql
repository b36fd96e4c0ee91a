-- Which of the listed blob keys (:keys, a JSON array of strings) some document refers to, or a
-- file of an archive's batch that has not recorded its document yet (its job's params name the
-- stored entry): the orphan sweep keeps those objects.
SELECT d.blob_key AS blob_key
FROM documents d
WHERE d.blob_key IN (SELECT jsonb_array_elements_text(CAST(:keys AS jsonb)))
UNION
SELECT CAST(j.params AS jsonb) -> 'archiveEntry' ->> 'blobKey' AS blob_key
FROM jobs j
WHERE j.document_id IS NULL
  AND CAST(j.params AS jsonb) -> 'archiveEntry' ->> 'blobKey'
      IN (SELECT jsonb_array_elements_text(CAST(:keys AS jsonb)))
