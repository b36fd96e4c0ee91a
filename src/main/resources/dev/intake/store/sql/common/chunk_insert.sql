INSERT INTO chunks (document_id, job_id, chunk_index, text, page_start, page_end,
                    char_start, char_end, token_count, embedding)
VALUES (:document_id, :job_id, :chunk_index, :text, :page_start, :page_end,
        :char_start, :char_end, :token_count, :embedding)
