-- BuildFarm cluster profile, PostgreSQL schema 1: the tables.
-- Orleans membership (ADO.NET clustering), grain state (ADO.NET persistence) and reminders (ADO.NET reminders).
-- Idempotent: `farm db migrate` runs every script each time, under an advisory lock, in one transaction.

-- The Orleans ADO.NET providers read their SQL from this table (query key -> query text), see 003.
CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64) PRIMARY KEY,
    querytext text        NOT NULL
);

-- One row per cluster: every change to the cluster's member rows bumps its version (optimistic concurrency).
CREATE TABLE IF NOT EXISTS farm_cluster_version (
    cluster_id text        PRIMARY KEY,
    version    integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port, generation).
CREATE TABLE IF NOT EXISTS farm_cluster_member (
    cluster_id      text        NOT NULL REFERENCES farm_cluster_version (cluster_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (cluster_id, address, port, generation)
);

-- Grain state: one row per (service, state name, grain key). A cleared state keeps its row with a NULL payload
-- so that its version keeps counting; a deleted state loses the row.
CREATE TABLE IF NOT EXISTS farm_grain_state (
    service_id  text        NOT NULL,
    state_name  text        NOT NULL,
    key_n0      bigint      NOT NULL,
    key_n1      bigint      NOT NULL,
    key_string  text        NOT NULL DEFAULT '',
    payload     bytea,
    version     integer     NOT NULL,
    modified_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, key_n0, key_n1, key_string)
);

-- Reminders, found by grain or by a range of the grain hash ring.
CREATE TABLE IF NOT EXISTS farm_reminder (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX IF NOT EXISTS farm_reminder_by_hash ON farm_reminder (service_id, grain_hash);

-- Which scripts ran, with the SHA-256 of their text and the last time they ran.
CREATE TABLE IF NOT EXISTS farm_schema_script (
    name       text        PRIMARY KEY,
    sha256     text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
