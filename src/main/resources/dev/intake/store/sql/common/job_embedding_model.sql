SELECT embedding_model, embedding_dimensions FROM jobs WHERE job_id = :job_id
