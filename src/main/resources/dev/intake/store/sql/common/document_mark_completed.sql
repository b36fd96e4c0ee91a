UPDATE documents
SET status = 'completed', active_job_id = :job_id, pages = :pages, chunk_count = :chunk_count,
    characters = :characters, content_type = :content_type, chunk_size = :chunk_size,
    chunk_overlap = :chunk_overlap, updated_at = :now,
    title = :title, author = :author, language = :language, file_created_at = :file_created_at,
    embedding_model = (SELECT j.embedding_model FROM jobs j WHERE j.job_id = :job_id),
    embedding_dimensions = (SELECT j.embedding_dimensions FROM jobs j WHERE j.job_id = :job_id)
WHERE document_id = :document_id
