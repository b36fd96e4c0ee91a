UPDATE dashboard_sessions SET expires_at = :expires_at
WHERE token_hash = :token_hash AND expires_at > :now
