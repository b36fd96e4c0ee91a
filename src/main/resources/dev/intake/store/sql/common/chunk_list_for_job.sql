SELECT * FROM chunks WHERE job_id = :job_id ORDER BY chunk_index
