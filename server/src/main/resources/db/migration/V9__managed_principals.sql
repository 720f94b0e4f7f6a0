-- Users and OAuth clients an admin added at runtime (those declared in configuration are not stored).
-- Passwords and client secrets are kept only as bcrypt hashes.
create table managed_user (
    username      varchar(64)  primary key,
    password_hash varchar(200) not null,
    fhir_user     varchar(100),
    roles         varchar(100) not null,
    changed_at    timestamp with time zone not null
);

create table managed_client (
    client_id     varchar(64)  primary key,
    registered_id varchar(64)  not null unique,
    definition    text         not null,
    changed_at    timestamp with time zone not null
);
