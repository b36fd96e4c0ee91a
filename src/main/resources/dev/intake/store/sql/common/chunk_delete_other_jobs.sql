DELETE FROM chunks WHERE document_id = :document_id AND job_id <> :job_id
