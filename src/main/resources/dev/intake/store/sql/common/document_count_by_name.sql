SELECT COUNT(*) FROM documents WHERE lower(filename) LIKE :pattern ESCAPE '\'
