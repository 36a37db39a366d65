-- The cache: one entry per (profile, pipeline, fingerprint) naming the newest task that succeeded
-- with that fingerprint (KFP's cache scope), so a lookup is one primary-key read instead of a
-- search through every task that ever had the fingerprint. Written in the same transaction as the
-- task that succeeds; gone with the task (a deleted run takes its entries with it).
CREATE TABLE cache_entry (
    profile       VARCHAR(63)              NOT NULL,
    pipeline_name VARCHAR(255)             NOT NULL,
    fingerprint   VARCHAR(128)             NOT NULL,
    run_id        VARCHAR(36)              NOT NULL,
    path          VARCHAR(1024)            NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT cache_entry_pk PRIMARY KEY (profile, pipeline_name, fingerprint),
    CONSTRAINT cache_entry_task_fk FOREIGN KEY (run_id, path) REFERENCES task (run_id, path) ON DELETE CASCADE
);
CREATE INDEX cache_entry_task_ix ON cache_entry (run_id, path);

INSERT INTO cache_entry (profile, pipeline_name, fingerprint, run_id, path, created_at)
SELECT profile, pipeline_name, fingerprint, run_id, path, finished_at FROM (
    SELECT r.profile, r.pipeline_name, t.fingerprint, t.run_id, t.path, t.finished_at,
           ROW_NUMBER() OVER (PARTITION BY r.profile, r.pipeline_name, t.fingerprint
                              ORDER BY t.finished_at DESC, t.run_id DESC, t.path DESC) AS n
    FROM task t JOIN run r ON r.id = t.run_id
    WHERE t.state = 'SUCCEEDED' AND t.fingerprint IS NOT NULL AND NOT t.cached
      AND t.finished_at IS NOT NULL
) newest WHERE n = 1;
