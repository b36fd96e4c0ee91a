SELECT * FROM jobs WHERE job_id = :job_id
