INSERT INTO index_outbox (document_id, operation, created_at) VALUES (:document_id, :operation, :now)
