-- Executor-neutral attempts: the executor's opaque handle (a process id and start time locally, a
-- pod name on Kubernetes) replaces the process id; where a step's log lives is the executor's
-- business, so the log file path goes.
ALTER TABLE task_attempt ADD COLUMN handle VARCHAR(255);
UPDATE task_attempt SET handle = CAST(pid AS VARCHAR(20)) WHERE pid IS NOT NULL;
ALTER TABLE task_attempt DROP COLUMN pid;
ALTER TABLE task_attempt DROP COLUMN log_file;

-- Run ownership: exactly one process drives an unfinished run. It holds a lease that it renews
-- while it lives; another process takes a run over only once its lease has expired (or its owner
-- is known to be dead), and only through a compare-and-set on the owner and lease it saw.
-- A cancel asked of a run driven elsewhere is a request that the owner acts on.
ALTER TABLE run ADD COLUMN owner VARCHAR(255);
ALTER TABLE run ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE run ADD COLUMN cancel_requested BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX run_owner_ix ON run (owner);
