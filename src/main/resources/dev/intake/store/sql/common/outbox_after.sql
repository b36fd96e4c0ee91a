SELECT seq, document_id, operation FROM index_outbox WHERE seq > :after ORDER BY seq LIMIT :limit
