SELECT COALESCE(MAX(seq), 0) FROM index_outbox
