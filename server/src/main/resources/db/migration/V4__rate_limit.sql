-- A sliding-window call budget shared by every server instance on the database (Withings allows
-- 120 calls per minute per application, token calls included). The bucket row is the lock that
-- serialises acquisitions and remembers a pause Withings asked for (status 601, wait_seconds).
create table rate_limit_bucket (
    bucket        varchar(64) primary key,
    blocked_until timestamp with time zone
);

create table rate_limit_slot (
    bucket      varchar(64) not null,
    slot_second bigint      not null,
    used        integer     not null,
    primary key (bucket, slot_second)
);
