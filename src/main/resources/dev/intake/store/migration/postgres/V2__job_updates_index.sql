-- Live events poll for jobs changed since the last look; retention and statistics scan by completion.
CREATE INDEX jobs_by_updated ON jobs (updated_at);
CREATE INDEX jobs_by_completed ON jobs (completed_at);
