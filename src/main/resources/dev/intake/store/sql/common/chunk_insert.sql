-- Idempotent: a group whose commit was sent but whose answer was lost (the database went away)
-- is written again with the same rows when the database is back.
INSERT INTO chunks (document_id, job_id, chunk_index, text, page_start, page_end,
                    char_start, char_end, token_count, embedding, section)
VALUES (:document_id, :job_id, :chunk_index, :text, :page_start, :page_end,
        :char_start, :char_end, :token_count, :embedding, :section)
ON CONFLICT (document_id, job_id, chunk_index) DO NOTHING
