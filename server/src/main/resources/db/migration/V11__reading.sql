-- The read model behind Observation/$lastn and $stats: one row per measured value of an Observation (its
-- value, or each quantity component), written in the transaction that stores the Observation and replaced
-- on every new version. codes/panel_codes/categories hold each coding as 'system|code' and as 'code', so a
-- token filter with or without a system is one array overlap.
create table reading (
    observation_id varchar(64)   not null,
    part           smallint      not null,
    patient_id     varchar(64)   not null,
    code_system    varchar(200),
    code           varchar(200),
    codes          text[]        not null,
    panel_codes    text[]        not null,
    categories     text[]        not null,
    effective_at   timestamp with time zone,
    value          numeric,
    unit_system    varchar(200),
    unit           varchar(100),
    status         varchar(32)   not null,
    primary key (observation_id, part)
);
create index ix_reading_patient_code on reading (patient_id, code_system, code, effective_at desc);

-- Which codes each patient has readings of, with the codings and categories first seen for them, so
-- $lastn picks a patient's series without scanning every reading; a series whose readings were all deleted
-- stays and simply yields nothing.
create table reading_series (
    patient_id  varchar(64)  not null,
    code_system varchar(200) not null,
    code        varchar(200) not null,
    codes       text[]       not null,
    categories  text[]       not null,
    primary key (patient_id, code_system, code)
);
