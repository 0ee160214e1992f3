-- BuildFarm cluster profile, PostgreSQL schema 3: the query texts the Orleans ADO.NET providers run.
-- Each provider reads its keys from orleansquery at start; parameters arrive as @Name, and result columns are
-- found by name, hence the quoted aliases. Rewritten on every migration, so a changed text takes effect.

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Clustering (membership) ------------------------------------------------------------------------------------
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO farm_cluster_version (cluster_id) VALUES (@DeploymentId)
    ON CONFLICT (cluster_id) DO NOTHING
    RETURNING cluster_id)
SELECT EXISTS (SELECT 1 FROM created) AS "Created"
$q$),

('MembershipReadRowKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
  FROM farm_cluster_version v
  LEFT JOIN farm_cluster_member m
    ON m.cluster_id = v.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.cluster_id = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
  FROM farm_cluster_version v
  LEFT JOIN farm_cluster_member m ON m.cluster_id = v.cluster_id
 WHERE v.cluster_id = @DeploymentId
$q$),

('InsertMembershipKey', $q$
SELECT farm_member_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
                          @StartTime, @IAmAliveTime, @Version) AS "Inserted"
$q$),

('UpdateMembershipKey', $q$
SELECT farm_member_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime,
                          @Version) AS "Updated"
$q$),

('UpdateIAmAlivetimeKey', $q$
UPDATE farm_cluster_member SET i_am_alive_time = @IAmAliveTime
 WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM farm_cluster_version WHERE cluster_id = @DeploymentId
$q$),

('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM farm_cluster_member
 WHERE cluster_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status = 6
$q$),

('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
  FROM farm_cluster_member
 WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

-- Grain state (persistence) ----------------------------------------------------------------------------------
-- A write names the version it read (NULL for a state never written); no row back means someone else wrote first.
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
  FROM farm_grain_state
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_string = COALESCE(@GrainIdExtensionString, '')
$q$),

('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE farm_grain_state
       SET payload = @PayloadBinary, version = version + 1, modified_at = now()
     WHERE service_id = @ServiceId AND state_name = @GrainTypeString
       AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_string = COALESCE(@GrainIdExtensionString, '')
       AND version = @GrainStateVersion
    RETURNING version),
inserted AS (
    INSERT INTO farm_grain_state (service_id, state_name, key_n0, key_n1, key_string, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$q$),

('ClearStorageKey', $q$
UPDATE farm_grain_state
   SET payload = NULL, version = version + 1, modified_at = now()
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_string = COALESCE(@GrainIdExtensionString, '')
   AND version = @GrainStateVersion
RETURNING version AS "Version"
$q$),

('DeleteStorageKey', $q$
DELETE FROM farm_grain_state
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString
   AND key_n0 = @GrainIdN0 AND key_n1 = @GrainIdN1 AND key_string = COALESCE(@GrainIdExtensionString, '')
   AND version = @GrainStateVersion
RETURNING version + 1 AS "Version"
$q$),

-- Reminders --------------------------------------------------------------------------------------------------
('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period",
       version AS "Version"
  FROM farm_reminder
 WHERE service_id = @ServiceId AND grain_id = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period",
       version AS "Version"
  FROM farm_reminder
 WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$q$),

-- The hash ring range (begin, end] when begin < end, as signed integers ...
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period",
       version AS "Version"
  FROM farm_reminder
 WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$),

-- ... and the range that wraps around the end of the ring otherwise.
('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period",
       version AS "Version"
  FROM farm_reminder
 WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),

('UpsertReminderRowKey', $q$
INSERT INTO farm_reminder (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = excluded.start_time, period_ms = excluded.period_ms, grain_hash = excluded.grain_hash,
       version = farm_reminder.version + 1
RETURNING version AS "Version"
$q$),

('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM farm_reminder
     WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM deleted) AS "Deleted"
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM farm_reminder WHERE service_id = @ServiceId
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
