-- Recurring runs (KFP's v2beta1 RecurringRun): a pipeline run again on a cron schedule or at a fixed
-- interval. The scheduler claims each tick by moving next_fire_at with a compare-and-set UPDATE, so a
-- tick fires once even with several servers on one database and across restarts.
CREATE TABLE recurring_run (
    id                  VARCHAR(36)              NOT NULL,
    profile             VARCHAR(63)              DEFAULT '' NOT NULL,
    display_name        VARCHAR(255)             NOT NULL,
    description         VARCHAR(4000)            DEFAULT '' NOT NULL,
    experiment_id       VARCHAR(36)              NOT NULL,
    -- the pipeline: a stored version (pipeline_id, pipeline_version_id) or the spec sent inline
    pipeline_id         VARCHAR(36)              DEFAULT '' NOT NULL,
    pipeline_version_id VARCHAR(36)              DEFAULT '' NOT NULL,
    pipeline_spec       TEXT,
    -- runtime_config.parameters as a JSON object, and runtime_config.pipeline_root
    parameters          TEXT                     NOT NULL,
    pipeline_root       VARCHAR(4000)            DEFAULT '' NOT NULL,
    service_account     VARCHAR(255)             DEFAULT '' NOT NULL,
    -- the trigger: a cron expression, or an interval in seconds (exactly one is set)
    cron                VARCHAR(255),
    interval_seconds    BIGINT,
    start_time          TIMESTAMP WITH TIME ZONE,
    end_time            TIMESTAMP WITH TIME ZONE,
    max_concurrency     INTEGER                  DEFAULT 1 NOT NULL,
    no_catchup          BOOLEAN                  DEFAULT FALSE NOT NULL,
    -- ENABLE or DISABLE (KFP's mode); status is derived from it
    mode                VARCHAR(16)              NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the next tick to fire; null when disabled or past its end time
    next_fire_at        TIMESTAMP WITH TIME ZONE,
    last_fired_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT recurring_run_pk PRIMARY KEY (id)
);
CREATE INDEX recurring_run_created_ix ON recurring_run (profile, created_at, id);
CREATE INDEX recurring_run_name_ix ON recurring_run (profile, display_name, id);
CREATE INDEX recurring_run_experiment_ix ON recurring_run (experiment_id, created_at, id);
-- the scheduler's scan: enabled schedules whose next tick is due
CREATE INDEX recurring_run_due_ix ON recurring_run (mode, next_fire_at);

-- The runs a recurring run made (KFP's Run.recurring_run_id).
ALTER TABLE run ADD COLUMN recurring_run_id VARCHAR(36);
CREATE INDEX run_recurring_created_ix ON run (recurring_run_id, created_at, id);
