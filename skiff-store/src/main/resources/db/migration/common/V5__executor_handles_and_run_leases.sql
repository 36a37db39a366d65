-- Executor-neutral attempts: the executor's opaque handle (a process id and start time locally, a
-- pod name on Kubernetes) replaces the process id; where a step's log lives is the executor's
-- business, so the log file path goes.
ALTER TABLE task_attempt ADD COLUMN handle VARCHAR(255);
UPDATE task_attempt SET handle = CAST(pid AS VARCHAR(20)) WHERE pid IS NOT NULL;
ALTER TABLE task_attempt DROP COLUMN pid;
ALTER TABLE task_attempt DROP COLUMN log_file;

-- Run ownership: exactly one process drives an unfinished run. It holds a lease that it renews
-- while it lives; another process takes a run over only once its lease has expired (or its owner
-- is known to be dead), and only through a compare-and-set on the owner and lease it saw. A cancel
-- asked of a run driven elsewhere is a request that the owner acts on.
-- A row of its own per unfinished run (deleted when the run ends): every write of a driver renews
-- and checks its lease here, and must not rewrite the run's row with the pipeline file in it.
CREATE TABLE run_lease (
    run_id           VARCHAR(36)              NOT NULL,
    owner            VARCHAR(255),
    lease_until      TIMESTAMP WITH TIME ZONE,
    cancel_requested BOOLEAN                  DEFAULT FALSE NOT NULL,
    CONSTRAINT run_lease_pk PRIMARY KEY (run_id),
    CONSTRAINT run_lease_run_fk FOREIGN KEY (run_id) REFERENCES run (id) ON DELETE CASCADE
);
CREATE INDEX run_lease_owner_ix ON run_lease (owner);
INSERT INTO run_lease (run_id) SELECT id FROM run WHERE state IN ('PENDING', 'RUNNING', 'CANCELING');
