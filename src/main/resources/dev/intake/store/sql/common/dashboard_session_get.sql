SELECT * FROM dashboard_sessions WHERE token_hash = :token_hash AND expires_at > :now
