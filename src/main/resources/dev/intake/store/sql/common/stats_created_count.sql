SELECT COUNT(*) FROM jobs WHERE created_at >= :since
