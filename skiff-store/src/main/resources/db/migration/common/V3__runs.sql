-- Pipeline runs as the engine drives them: one row per run, one per task of its task tree (DAGs,
-- loops and their iterations, container steps, importers), one per attempt of a container step.
-- JSON documents (parameters, inputs, outputs) are kept as text: the engine owns their shape.
CREATE TABLE run (
    id            VARCHAR(36)              NOT NULL,
    profile       VARCHAR(63)              DEFAULT '' NOT NULL,
    pipeline_name VARCHAR(255)             NOT NULL,
    display_name  VARCHAR(255)             NOT NULL,
    -- the pipeline file as submitted; a resumed run parses it again
    spec          TEXT                     NOT NULL,
    -- the bound runtime parameters (a JSON object) and run options (a JSON object)
    parameters    TEXT                     NOT NULL,
    options       TEXT                     NOT NULL,
    state         VARCHAR(16)              NOT NULL,
    error         TEXT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE,
    finished_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT run_pk PRIMARY KEY (id)
);
CREATE INDEX run_created_ix ON run (created_at);
CREATE INDEX run_state_ix ON run (state);

CREATE TABLE task (
    run_id        VARCHAR(36)              NOT NULL,
    -- unique within the run, e.g. train, for-loop-2/0/print-op
    path          VARCHAR(1024)            NOT NULL,
    kind          VARCHAR(16)              NOT NULL,
    display_name  VARCHAR(255)             NOT NULL,
    state         VARCHAR(16)              NOT NULL,
    inputs        TEXT,
    outputs       TEXT,
    -- the cache key of a container step, when caching applied
    fingerprint   VARCHAR(128),
    cached        BOOLEAN                  DEFAULT FALSE NOT NULL,
    error         TEXT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE,
    finished_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT task_pk PRIMARY KEY (run_id, path),
    CONSTRAINT task_run_fk FOREIGN KEY (run_id) REFERENCES run (id) ON DELETE CASCADE
);
-- the cache lookup: a finished task with the same fingerprint
CREATE INDEX task_fingerprint_ix ON task (fingerprint);

CREATE TABLE task_attempt (
    run_id      VARCHAR(36)              NOT NULL,
    path        VARCHAR(1024)            NOT NULL,
    attempt     INTEGER                  NOT NULL,
    state       VARCHAR(16)              NOT NULL,
    -- the process (and process-group) id, so a restarted engine can kill what a crashed one left
    pid         BIGINT,
    log_file    VARCHAR(4000)            NOT NULL,
    exit_code   INTEGER,
    message     TEXT,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT task_attempt_pk PRIMARY KEY (run_id, path, attempt),
    CONSTRAINT task_attempt_task_fk FOREIGN KEY (run_id, path) REFERENCES task (run_id, path) ON DELETE CASCADE
);
