-- SQLite has no notifications: workers in other processes find jobs by polling.
SELECT :channel AS channel, :payload AS payload WHERE 0 = 1
