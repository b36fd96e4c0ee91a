-- Which of the listed blob keys (:keys, a JSON array of strings) some document refers to: the
-- orphan sweep keeps those objects.
SELECT d.blob_key AS blob_key
FROM documents d
WHERE d.blob_key IN (SELECT jsonb_array_elements_text(CAST(:keys AS jsonb)))
