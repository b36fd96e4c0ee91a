INSERT INTO documents (document_id, filename, content_type, size_bytes, sha256, blob_key,
                       chunk_size, chunk_overlap, status, job_id, created_at, updated_at)
VALUES (:document_id, :filename, :content_type, :size_bytes, :sha256, :blob_key,
        :chunk_size, :chunk_overlap, 'pending', :job_id, :now, :now)
