-- Who created each Subscription through the FHIR API, and with which grant: notifications carry only what
-- that grant may read, and tokens bound to patients see and manage only their own subscriptions.
-- A row is written with the Subscription and never changes, except to be suspended when an admin changes
-- or removes the client or user behind it (a suspended owner is told nothing).
create table subscription_owner (
    subscription_id varchar(64)  primary key,
    client_id       varchar(64)  not null,
    subject         varchar(200) not null,
    username        varchar(64),
    patient_id      varchar(64),
    scopes          varchar(4000) not null,
    suspended       boolean      not null,
    created_at      timestamp with time zone not null
);
create index ix_subscription_owner_client on subscription_owner (client_id);
create index ix_subscription_owner_username on subscription_owner (username);
