SELECT * FROM jobs WHERE parent_job_id = :parent_job_id ORDER BY seq LIMIT :limit OFFSET :offset
