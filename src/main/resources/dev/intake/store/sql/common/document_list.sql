SELECT * FROM documents ORDER BY created_at DESC, document_id LIMIT :limit OFFSET :offset
