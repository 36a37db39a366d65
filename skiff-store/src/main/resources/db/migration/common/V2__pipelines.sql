-- Pipelines as KFP's API has them: a named pipeline per profile, with immutable versions that each
-- hold one compiled pipeline file (KFP v2 IR YAML, kept verbatim).
CREATE TABLE pipeline (
    id           VARCHAR(36)              NOT NULL,
    profile      VARCHAR(63)              NOT NULL,
    name         VARCHAR(255)             NOT NULL,
    display_name VARCHAR(255)             NOT NULL,
    description  VARCHAR(4000)            DEFAULT '' NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pipeline_pk PRIMARY KEY (id),
    CONSTRAINT pipeline_profile_fk FOREIGN KEY (profile) REFERENCES profile (name) ON DELETE CASCADE,
    CONSTRAINT pipeline_name_uq UNIQUE (profile, name)
);

CREATE TABLE pipeline_version (
    id           VARCHAR(36)              NOT NULL,
    pipeline_id  VARCHAR(36)              NOT NULL,
    name         VARCHAR(255)             NOT NULL,
    description  VARCHAR(4000)            DEFAULT '' NOT NULL,
    -- the pipeline file as uploaded; the engine parses it again when it runs
    spec         TEXT                     NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pipeline_version_pk PRIMARY KEY (id),
    CONSTRAINT pipeline_version_pipeline_fk FOREIGN KEY (pipeline_id) REFERENCES pipeline (id) ON DELETE CASCADE,
    CONSTRAINT pipeline_version_name_uq UNIQUE (pipeline_id, name)
);

-- One-time facts about this installation, e.g. that the examples were loaded.
CREATE TABLE setting (
    name  VARCHAR(255)  NOT NULL,
    text_value VARCHAR(4000) NOT NULL,
    CONSTRAINT setting_pk PRIMARY KEY (name)
);
