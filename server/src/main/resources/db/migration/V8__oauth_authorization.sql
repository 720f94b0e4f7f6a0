-- Authorizations the built-in OAuth server issued: codes, access, refresh and id tokens, kept so that
-- refresh tokens, introspection and revocation survive restarts and are seen by every instance. Token
-- values are never stored: each lookup column holds a SHA-256 of one value, and the authorization itself
-- is sealed (AES-GCM) under pulsebridge.secrets.key.
create table oauth_authorization (
    id                varchar(100) primary key,
    client_id         varchar(100) not null,
    principal_name    varchar(200) not null,
    state_hash        varchar(64),
    code_hash         varchar(64),
    access_token_hash varchar(64),
    refresh_hash      varchar(64),
    id_token_hash     varchar(64),
    access_revoked    boolean      not null,
    expires_at        timestamp with time zone not null,
    sealed            text         not null
);
create index ix_oauth_authorization_state on oauth_authorization (state_hash);
create index ix_oauth_authorization_code on oauth_authorization (code_hash);
create index ix_oauth_authorization_access on oauth_authorization (access_token_hash);
create index ix_oauth_authorization_refresh on oauth_authorization (refresh_hash);
create index ix_oauth_authorization_expiry on oauth_authorization (expires_at);
