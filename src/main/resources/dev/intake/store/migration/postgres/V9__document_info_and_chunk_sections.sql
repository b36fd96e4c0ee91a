-- What a document says about itself (title, author, language, when the file was created, in
-- epoch milliseconds) and the heading path each chunk falls under ("2 Installation > 2.1
-- Requirements"). All nullable: rows from before this migration, and files that say nothing.
ALTER TABLE documents ADD COLUMN title TEXT;
ALTER TABLE documents ADD COLUMN author TEXT;
ALTER TABLE documents ADD COLUMN language TEXT;
ALTER TABLE documents ADD COLUMN file_created_at BIGINT;
ALTER TABLE chunks ADD COLUMN section TEXT;
