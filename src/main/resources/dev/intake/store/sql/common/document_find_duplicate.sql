SELECT * FROM documents
WHERE sha256 = :sha256 AND chunk_size = :chunk_size AND chunk_overlap = :chunk_overlap
  AND status <> 'failed'
ORDER BY created_at
LIMIT 1
