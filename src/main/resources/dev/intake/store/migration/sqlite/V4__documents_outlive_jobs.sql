-- Documents outlive job retention: when the cleanup deletes a document's job, the document keeps
-- its row (and its live chunks) and its job_id becomes NULL. Rows already pointing at a deleted
-- job are repaired here. SQLite cannot drop a NOT NULL constraint: the table is rebuilt.
CREATE TABLE documents_v4 (
  document_id   TEXT PRIMARY KEY,
  filename      TEXT NOT NULL,
  content_type  TEXT,
  size_bytes    INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  blob_key      TEXT NOT NULL,
  chunk_size    INTEGER NOT NULL,
  chunk_overlap INTEGER NOT NULL,
  status        TEXT NOT NULL,
  pages         INTEGER,
  chunk_count   INTEGER,
  characters    INTEGER,
  job_id        TEXT,
  active_job_id TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
INSERT INTO documents_v4
SELECT d.document_id, d.filename, d.content_type, d.size_bytes, d.sha256, d.blob_key,
       d.chunk_size, d.chunk_overlap, d.status, d.pages, d.chunk_count, d.characters,
       CASE WHEN EXISTS (SELECT 1 FROM jobs j WHERE j.job_id = d.job_id) THEN d.job_id END,
       d.active_job_id, d.created_at, d.updated_at
FROM documents d;
DROP TABLE documents;
ALTER TABLE documents_v4 RENAME TO documents;
CREATE INDEX documents_by_content ON documents (sha256, chunk_size, chunk_overlap);
CREATE INDEX documents_by_created ON documents (created_at);
-- The cleanup forgets deleted jobs by id.
CREATE INDEX documents_by_job ON documents (job_id);
