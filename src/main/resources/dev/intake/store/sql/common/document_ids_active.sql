SELECT document_id FROM documents WHERE active_job_id IS NOT NULL ORDER BY document_id
