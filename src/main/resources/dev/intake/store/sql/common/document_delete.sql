DELETE FROM documents WHERE document_id = :document_id
