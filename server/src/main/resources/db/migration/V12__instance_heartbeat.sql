-- Every running server process beats here every few seconds. Work leased by a process whose beat stopped
-- (kill -9, a lost host) is taken over within seconds instead of when its lease runs out; a process that
-- stops cleanly marks itself gone. Rows of processes gone for a day are removed by the living.
create table instance_heartbeat (
    instance   varchar(64) primary key,
    started_at timestamp with time zone not null,
    beat_at    timestamp with time zone not null
);
