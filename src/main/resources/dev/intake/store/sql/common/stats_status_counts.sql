SELECT status, COUNT(*) AS n FROM jobs WHERE created_at >= :since GROUP BY status
