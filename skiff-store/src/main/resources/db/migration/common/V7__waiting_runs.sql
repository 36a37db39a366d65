-- Runs that wait for a driver. An engine drives a bounded number of runs at once; a run submitted
-- beyond that waits in the store, not in memory, and is claimed (oldest first) when a driver frees
-- up. Its run_lease row tells the cases apart:
--   owner NULL, lease_until NULL:       waiting, never driven;
--   owner set, lease_until in future:    driven by that owner;
--   lease_until in the past:             abandoned (its owner died, or released it on a clean stop:
--                                        then owner is NULL and lease_until 1970-01-01), resumed
--                                        newest first.
-- Runs released before this version (owner and lease NULL, but already started) become released.
UPDATE run_lease SET lease_until = TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'
    WHERE owner IS NULL AND lease_until IS NULL
    AND run_id IN (SELECT id FROM run WHERE state <> 'PENDING');
-- Finds lapsed leases and waiting runs without reading every unfinished run.
CREATE INDEX run_lease_until_ix ON run_lease (lease_until);
