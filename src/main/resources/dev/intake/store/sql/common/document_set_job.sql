UPDATE documents SET job_id = :job_id, updated_at = :now WHERE document_id = :document_id
