-- Documents outlive job retention: when the cleanup deletes a document's job, the document keeps
-- its row (and its live chunks) and its job_id becomes NULL. Rows already pointing at a deleted
-- job are repaired here.
ALTER TABLE documents ALTER COLUMN job_id DROP NOT NULL;
UPDATE documents SET job_id = NULL
WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.job_id = documents.job_id);
-- The cleanup forgets deleted jobs by id.
CREATE INDEX documents_by_job ON documents (job_id);
