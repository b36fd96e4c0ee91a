-- :ids is a JSON array of document ids.
SELECT document_id, filename FROM documents
WHERE document_id IN (SELECT jsonb_array_elements_text(CAST(:ids AS jsonb)))
