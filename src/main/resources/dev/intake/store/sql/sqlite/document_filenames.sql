-- :ids is a JSON array of document ids.
SELECT document_id, filename FROM documents
WHERE document_id IN (SELECT value FROM json_each(:ids))
