UPDATE jobs SET cancel_requested = 1, updated_at = :now
WHERE document_id = :document_id AND status = 'processing'
