DELETE FROM dashboard_sessions WHERE expires_at <= :now
