SELECT COUNT(*) FROM jobs
WHERE document_id = :document_id AND status IN ('pending', 'processing', 'retrying')
