INSERT INTO dashboard_sessions (token_hash, csrf_token, key_fingerprint, created_at, expires_at)
VALUES (:token_hash, :csrf_token, :key_fingerprint, :now, :expires_at)
