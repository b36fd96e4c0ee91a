-- Which of the listed blob keys (:keys, a JSON array of strings) some document refers to, or a
-- file of an archive's batch that has not recorded its document yet (its job's params name the
-- stored entry): the orphan sweep keeps those objects.
SELECT d.blob_key AS blob_key
FROM documents d
WHERE d.blob_key IN (SELECT value FROM json_each(:keys))
UNION
SELECT json_extract(j.params, '$.archiveEntry.blobKey') AS blob_key
FROM jobs j
WHERE j.document_id IS NULL
  AND json_extract(j.params, '$.archiveEntry.blobKey') IN (SELECT value FROM json_each(:keys))
