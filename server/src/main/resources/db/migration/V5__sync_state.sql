-- Per-account sync state: how Withings tells us about new data (webhooks or polling), when the next
-- poll and reconcile are due, and the current backfill plan.
create table sync_account (
    account_id          bigint primary key,
    webhook_mode        varchar(16)  not null,
    webhook_detail      varchar(1000),
    subscribed_applis   varchar(100),
    webhook_checked_at  timestamp with time zone,
    next_poll_at        timestamp with time zone,
    next_reconcile_at   timestamp with time zone not null,
    height_probed_at    timestamp with time zone,
    last_manual_sync_at timestamp with time zone,
    backfill_from       bigint,
    backfill_started_at timestamp with time zone,
    constraint ck_sync_account_mode check (webhook_mode in ('pending', 'subscribed', 'polling'))
);

-- Incremental sync reads what changed at Withings since this instant (epoch seconds), per data kind.
create table sync_cursor (
    account_id  bigint      not null,
    data_kind   varchar(16) not null,
    last_update bigint      not null,
    primary key (account_id, data_kind)
);

-- Every Withings record (measure group, night, day, workout, ECG) written to FHIR: when it was taken,
-- a hash of what it produced, and the resource ids. A re-read that produces the same hash writes
-- nothing; a record missing from a re-read window has its resources marked entered-in-error.
create table synced_record (
    account_id   bigint        not null,
    record_key   varchar(100)  not null,
    data_kind    varchar(16)   not null,
    record_time  bigint        not null,
    content_hash varchar(64)   not null,
    resource_ids varchar(16000) not null,
    retired      boolean       not null,
    primary key (account_id, record_key)
);
create index ix_synced_record_window on synced_record (account_id, data_kind, record_time);

-- How many Observations each job wrote (backfill progress sums them).
alter table sync_job add column written integer default 0 not null;

-- How far back the first backfill of a link reaches, as asked on $withings-connect (null: server default).
alter table withings_link add column backfill varchar(32);

-- Accounts linked before the sync engine existed: reconcile them soon (subscribe, then an incremental pass).
insert into sync_account (account_id, webhook_mode, next_reconcile_at)
select id, 'pending', current_timestamp from withings_account where status = 'connected';
