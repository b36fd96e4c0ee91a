-- :pattern is a LIKE pattern in lower case whose own % and _ are escaped with a backslash.
SELECT * FROM documents WHERE lower(filename) LIKE :pattern ESCAPE '\'
ORDER BY created_at DESC, document_id LIMIT :limit OFFSET :offset
