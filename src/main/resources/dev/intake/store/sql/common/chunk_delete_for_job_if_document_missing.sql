DELETE FROM chunks WHERE job_id = :job_id
  AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.document_id = chunks.document_id)
