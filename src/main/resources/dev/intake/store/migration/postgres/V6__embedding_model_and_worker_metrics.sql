-- The embedding model and vector length of a job's chunks (recorded before its first chunk is
-- written) and of a document's live chunks (copied from its job when the job completes). A job
-- resumed by a worker with another model starts over, and a search index only compares vectors
-- of the model it embeds queries with.
ALTER TABLE jobs ADD COLUMN embedding_model TEXT;
ALTER TABLE jobs ADD COLUMN embedding_dimensions BIGINT;
ALTER TABLE documents ADD COLUMN embedding_model TEXT;
ALTER TABLE documents ADD COLUMN embedding_dimensions BIGINT;
-- Until now every vector came from the in-process all-MiniLM-L6-v2 (quantized, 384 dimensions).
UPDATE jobs SET embedding_model = 'all-minilm-l6-v2-q', embedding_dimensions = 384
WHERE checkpoint > 0;
UPDATE documents SET embedding_model = 'all-minilm-l6-v2-q', embedding_dimensions = 384
WHERE active_job_id IS NOT NULL;
-- Where the process of each worker serves its Prometheus metrics (GET /workers shows it).
ALTER TABLE workers ADD COLUMN metrics_url TEXT;
