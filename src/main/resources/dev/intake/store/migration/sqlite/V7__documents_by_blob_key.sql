-- The orphan sweep asks, a page of stored objects at a time, which keys documents still refer to.
CREATE INDEX documents_by_blob_key ON documents (blob_key);
