-- BuildFarm cluster profile, PostgreSQL schema 2: membership changes that must be all-or-nothing.
-- A member row changes only together with its cluster's version bump, and only when the caller saw the current
-- version; otherwise nothing changes and the answer is false (Orleans reads the table again and retries).

CREATE OR REPLACE FUNCTION farm_member_insert(
    p_cluster_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS boolean
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE farm_cluster_version SET version = version + 1
     WHERE cluster_id = p_cluster_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO farm_cluster_member (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port,
                                     start_time, i_am_alive_time)
    VALUES (p_cluster_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
            p_start_time, p_i_am_alive_time);
    RETURN true;
EXCEPTION WHEN unique_violation THEN
    -- The silo is already a member: the block's version bump is rolled back with it.
    RETURN false;
END
$fn$;

CREATE OR REPLACE FUNCTION farm_member_update(
    p_cluster_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS boolean
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE farm_cluster_version SET version = version + 1
     WHERE cluster_id = p_cluster_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE farm_cluster_member
       SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
     WHERE cluster_id = p_cluster_id AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no member % % % in cluster %', p_address, p_port, p_generation, p_cluster_id
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN true;
EXCEPTION WHEN no_data_found THEN
    RETURN false;
END
$fn$;
