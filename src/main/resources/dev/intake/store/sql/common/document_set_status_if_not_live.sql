-- A document that already has live chunks from an earlier job keeps status 'completed'.
UPDATE documents SET status = :status, updated_at = :now
WHERE document_id = :document_id AND job_id = :job_id AND active_job_id IS NULL
