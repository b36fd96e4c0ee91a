-- A document outlives its job: once retention deleted the job, the document names no job.
UPDATE documents SET job_id = NULL WHERE job_id = :job_id
