-- BuildFarm cluster profile, PostgreSQL schema 4: executions (IExecutionStore).
-- An execution is a snapshot of the whole run plus the action rows written since: a transition that changed only
-- some actions writes those rows, any other transition a new snapshot that drops them. Every write checks the
-- caller's etag under the row's lock, so a stale activation cannot overwrite newer state.
-- Idempotent: `farm db migrate` runs every script each time, under an advisory lock, in one transaction.

CREATE TABLE IF NOT EXISTS farm_execution (
    execution_id text        PRIMARY KEY,
    etag         text        NOT NULL,
    revision     bigint      NOT NULL,
    snapshot     bytea       NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per (stage, action) changed since the snapshot; a new snapshot deletes them.
CREATE TABLE IF NOT EXISTS farm_execution_action (
    execution_id text    NOT NULL REFERENCES farm_execution (execution_id) ON DELETE CASCADE,
    stage        integer NOT NULL,
    action       integer NOT NULL,
    payload      bytea   NOT NULL,
    PRIMARY KEY (execution_id, stage, action)
);

-- The last log chunk a job's result brought (at most 64 KiB): written in the result's own transaction, so a short job's
-- log costs no round trip to the log store; the log store holds the bytes before log_offset. Snapshots keep these rows.
CREATE TABLE IF NOT EXISTS farm_execution_log_tail (
    execution_id text   NOT NULL REFERENCES farm_execution (execution_id) ON DELETE CASCADE,
    job_id       text   NOT NULL,
    log_offset   bigint NOT NULL,
    data         bytea  NOT NULL,
    PRIMARY KEY (execution_id, job_id)
);

-- The signatures before log tails: replaced by the ones below, which take them.
DROP FUNCTION IF EXISTS farm_execution_write_snapshot(text, text, text, bigint, bytea);
DROP FUNCTION IF EXISTS farm_execution_write_actions(text, text, text, bigint, integer[], integer[], bytea[]);

-- Log tails as parallel arrays (job, offset, data); a job's tail is written once (a retried result brings the same bytes).
-- PL/pgSQL, not SQL: a SQL function's body is parsed and planned on every call (before PostgreSQL 18), a PL/pgSQL
-- function's statements once per connection; every lease and result calls this.
CREATE OR REPLACE FUNCTION farm_execution_insert_log_tails(
    p_execution_id text, p_tail_jobs text[], p_tail_offsets bigint[], p_tail_data bytea[])
RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
    -- A lease's write brings no tails: no insert to plan and run.
    IF cardinality(p_tail_jobs) > 0 THEN
        INSERT INTO farm_execution_log_tail (execution_id, job_id, log_offset, data)
        SELECT p_execution_id, t.job_id, t.log_offset, t.data
          FROM unnest(p_tail_jobs, p_tail_offsets, p_tail_data) AS t (job_id, log_offset, data)
        ON CONFLICT (execution_id, job_id) DO NOTHING;
    END IF;
END
$fn$;

-- Both writes answer the etag the row holds when they return: p_etag when this call wrote (or an earlier call with
-- the same p_etag did, whose answer was lost), otherwise the stored etag that refused it (NULL: no row). The caller
-- generates p_etag once per write, before its first try.

-- Replaces the snapshot and deletes the action rows; p_expected_etag NULL means no row may exist yet.
CREATE OR REPLACE FUNCTION farm_execution_write_snapshot(
    p_execution_id text, p_expected_etag text, p_etag text, p_revision bigint, p_snapshot bytea,
    p_tail_jobs text[], p_tail_offsets bigint[], p_tail_data bytea[])
RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
    v_stored text;
BEGIN
    SELECT etag INTO v_stored FROM farm_execution WHERE execution_id = p_execution_id FOR UPDATE;
    IF NOT FOUND THEN
        IF p_expected_etag IS NOT NULL THEN
            RETURN NULL;
        END IF;
        INSERT INTO farm_execution (execution_id, etag, revision, snapshot)
        VALUES (p_execution_id, p_etag, p_revision, p_snapshot)
        ON CONFLICT (execution_id) DO NOTHING;
        IF FOUND THEN
            PERFORM farm_execution_insert_log_tails(p_execution_id, p_tail_jobs, p_tail_offsets, p_tail_data);
            RETURN p_etag;
        END IF;
        -- Another writer created the row since the lock was looked for: its etag refuses this write.
        SELECT etag INTO v_stored FROM farm_execution WHERE execution_id = p_execution_id;
        RETURN v_stored;
    END IF;
    IF v_stored IS DISTINCT FROM p_expected_etag THEN
        RETURN v_stored;
    END IF;
    UPDATE farm_execution SET etag = p_etag, revision = p_revision, snapshot = p_snapshot, updated_at = now()
     WHERE execution_id = p_execution_id;
    DELETE FROM farm_execution_action WHERE execution_id = p_execution_id;
    PERFORM farm_execution_insert_log_tails(p_execution_id, p_tail_jobs, p_tail_offsets, p_tail_data);
    RETURN p_etag;
END
$fn$;

-- Inserts or replaces action rows (parallel arrays: stage, action, payload) and sets the revision; the row must exist.
CREATE OR REPLACE FUNCTION farm_execution_write_actions(
    p_execution_id text, p_expected_etag text, p_etag text, p_revision bigint,
    p_stages integer[], p_actions integer[], p_payloads bytea[],
    p_tail_jobs text[], p_tail_offsets bigint[], p_tail_data bytea[])
RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
    v_stored text;
BEGIN
    SELECT etag INTO v_stored FROM farm_execution WHERE execution_id = p_execution_id FOR UPDATE;
    IF v_stored IS DISTINCT FROM p_expected_etag THEN
        RETURN v_stored;
    END IF;
    INSERT INTO farm_execution_action (execution_id, stage, action, payload)
    SELECT p_execution_id, r.stage, r.action, r.payload
      FROM unnest(p_stages, p_actions, p_payloads) AS r (stage, action, payload)
    ON CONFLICT (execution_id, stage, action) DO UPDATE SET payload = excluded.payload;
    UPDATE farm_execution SET etag = p_etag, revision = p_revision, updated_at = now()
     WHERE execution_id = p_execution_id;
    PERFORM farm_execution_insert_log_tails(p_execution_id, p_tail_jobs, p_tail_offsets, p_tail_data);
    RETURN p_etag;
END
$fn$;
