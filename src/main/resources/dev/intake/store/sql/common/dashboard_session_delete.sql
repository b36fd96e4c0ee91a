DELETE FROM dashboard_sessions WHERE token_hash = :token_hash
