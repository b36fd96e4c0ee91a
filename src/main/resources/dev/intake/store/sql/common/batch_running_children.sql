SELECT job_id FROM jobs WHERE parent_job_id = :parent_job_id AND status = 'processing'
