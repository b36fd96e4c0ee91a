SELECT * FROM jobs WHERE status = 'processing' AND lease_until < :now ORDER BY seq LIMIT :limit
