UPDATE jobs
SET status = 'cancelled', message = 'Cancelled: its document was deleted', completed_at = :now, updated_at = :now
WHERE document_id = :document_id AND status IN ('pending', 'retrying')
