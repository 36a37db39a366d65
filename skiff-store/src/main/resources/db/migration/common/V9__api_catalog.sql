-- The platform API's catalog (KFP's v2beta1 pipelines, versions, experiments and runs): experiments,
-- what KFP keeps with a run and a pipeline version, and the indexes that let every list page, sort
-- and filter in SQL (keyset pagination: each index ends in the row id, the tie-breaker of a page).

-- Experiments: a named group of runs per profile (KFP's namespace). Runs outside any profile (the
-- in-process CLI) have profile ''.
CREATE TABLE experiment (
    id                  VARCHAR(36)              NOT NULL,
    profile             VARCHAR(63)              DEFAULT '' NOT NULL,
    display_name        VARCHAR(255)             NOT NULL,
    description         VARCHAR(4000)            DEFAULT '' NOT NULL,
    -- AVAILABLE or ARCHIVED (KFP's StorageState)
    storage_state       VARCHAR(16)              DEFAULT 'AVAILABLE' NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_run_created_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT experiment_pk PRIMARY KEY (id),
    CONSTRAINT experiment_name_uq UNIQUE (profile, display_name)
);
CREATE INDEX experiment_created_ix ON experiment (profile, created_at, id);
CREATE INDEX experiment_storage_ix ON experiment (profile, storage_state, created_at, id);

-- A run's place in the catalog. The rest of what KFP's Run carries (service account, pipeline root,
-- the pipeline version it came from) is kept in the run's options document.
ALTER TABLE run ADD COLUMN experiment_id VARCHAR(36);
ALTER TABLE run ADD COLUMN description VARCHAR(4000) DEFAULT '' NOT NULL;
ALTER TABLE run ADD COLUMN storage_state VARCHAR(16) DEFAULT 'AVAILABLE' NOT NULL;
CREATE INDEX run_profile_created_ix ON run (profile, created_at, id);
CREATE INDEX run_profile_name_ix ON run (profile, display_name, id);
CREATE INDEX run_profile_state_ix ON run (profile, state, created_at, id);
CREATE INDEX run_profile_storage_ix ON run (profile, storage_state, created_at, id);
CREATE INDEX run_experiment_created_ix ON run (experiment_id, created_at, id);
CREATE INDEX run_experiment_storage_ix ON run (experiment_id, storage_state, created_at, id);

-- Pipelines: KFP lists them by name and creation time within a namespace.
CREATE INDEX pipeline_created_ix ON pipeline (profile, created_at, id);
CREATE INDEX pipeline_display_ix ON pipeline (profile, display_name, id);

-- Versions: KFP's display name (the unique name stays in name), where the file came from.
ALTER TABLE pipeline_version ADD COLUMN display_name VARCHAR(255) DEFAULT '' NOT NULL;
UPDATE pipeline_version SET display_name = name;
ALTER TABLE pipeline_version ADD COLUMN code_source_url VARCHAR(4000) DEFAULT '' NOT NULL;
ALTER TABLE pipeline_version ADD COLUMN package_url VARCHAR(4000) DEFAULT '' NOT NULL;
CREATE INDEX pipeline_version_created_ix ON pipeline_version (pipeline_id, created_at, id);
