SELECT * FROM jobs WHERE updated_at > :since ORDER BY updated_at, seq LIMIT :limit
