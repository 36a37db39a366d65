-- Profiles: one workspace each (its Kubernetes namespace in cluster mode).
-- Portable SQL: runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
CREATE TABLE profile (
    -- RFC 1123 label (checked in ProfileName); 63 is the DNS label limit.
    name        VARCHAR(63)              NOT NULL,
    -- user id or e-mail of the owner
    owner       VARCHAR(255)             NOT NULL,
    description VARCHAR(1000)            DEFAULT '' NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT profile_pk PRIMARY KEY (name)
);

-- "Profiles I own" is the dashboard's first query.
CREATE INDEX profile_owner_idx ON profile (owner);
