SELECT COUNT(*) FROM documents
