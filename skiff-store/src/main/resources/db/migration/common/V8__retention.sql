-- Retention: how long a profile keeps its finished runs and their step logs, overriding the
-- server-wide settings (retention.* in skiff.yaml). A NULL column inherits the server-wide value;
-- 0 keeps without limit.
CREATE TABLE profile_retention (
    profile           VARCHAR(63) NOT NULL,
    run_days          INTEGER,
    log_days          INTEGER,
    runs_per_pipeline INTEGER,
    CONSTRAINT profile_retention_pk PRIMARY KEY (profile),
    CONSTRAINT profile_retention_profile_fk FOREIGN KEY (profile) REFERENCES profile (name) ON DELETE CASCADE,
    CONSTRAINT profile_retention_run_days_ck CHECK (run_days >= 0),
    CONSTRAINT profile_retention_log_days_ck CHECK (log_days >= 0),
    CONSTRAINT profile_retention_runs_ck CHECK (runs_per_pipeline >= 0)
);

-- When the executor's files of a finished run (step logs, working folders) were deleted by log
-- retention; the run itself stays. NULL while they are kept.
ALTER TABLE run ADD COLUMN logs_deleted_at TIMESTAMP WITH TIME ZONE;

-- Retention reads finished runs by age and the newest runs of each pipeline in a profile.
CREATE INDEX run_finished_ix ON run (finished_at);
CREATE INDEX run_pipeline_ix ON run (profile, pipeline_name, created_at);
