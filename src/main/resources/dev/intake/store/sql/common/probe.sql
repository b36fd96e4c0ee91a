-- The availability probe: a round trip that touches no table and takes no lock.
SELECT 1
