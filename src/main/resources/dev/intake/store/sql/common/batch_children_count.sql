SELECT COUNT(*) FROM jobs WHERE parent_job_id = :parent_job_id
