SELECT c.* FROM chunks c JOIN documents d ON d.document_id = c.document_id AND d.active_job_id = c.job_id
WHERE c.document_id = :document_id AND c.chunk_index > :after
ORDER BY c.chunk_index
LIMIT :limit
