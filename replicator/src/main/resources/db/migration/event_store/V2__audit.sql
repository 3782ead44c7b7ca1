-- The Merkle audit trail (ADR 0005, issue 3): one signed root per sealed batch of events, and one
-- chain link per event of a sealed batch. Both tables are written only when a batch is sealed, in
-- one transaction, so the last root is also the audit consumer's checkpoint: no separate
-- consumer_checkpoints row, which could only ever disagree with it.
--
-- Hashes are 32-byte bytea (half the size of hex text at one row per event); the Java side and the
-- API speak lowercase hex and convert with encode()/decode(). The signature is Ed25519 in base64url
-- without padding, as SignedRoot carries it. Publication to JetStream is tracked in the stream itself
-- (its last message names the last published batch), so these tables stay strictly append-only.

create table audit_roots (
    batch_number   bigint      primary key check (batch_number >= 1),
    first_sequence bigint      not null unique check (first_sequence >= 1),
    last_sequence  bigint      not null unique,
    leaf_count     integer     not null check (leaf_count between 1 and 10000),
    merkle_root    bytea       not null check (octet_length(merkle_root) = 32),
    chain_head     bytea       not null check (octet_length(chain_head) = 32),
    key_id         text        not null check (length(key_id) between 1 and 64),
    signature      text        not null check (signature ~ '^[A-Za-z0-9_-]{1,200}$'),
    signed_at      timestamptz not null,
    recorded_at    timestamptz not null default now(),
    check (last_sequence = first_sequence + leaf_count - 1)
);

comment on table audit_roots is
    'Signed Merkle root of each sealed audit batch (RFC 6962 over the events first_sequence..last_sequence), append-only.';

-- No foreign key to events: the audit consumes the event log at its own pace and may be ahead of
-- the event store; audit verify is what compares the two.
create table audit_links (
    global_sequence bigint primary key check (global_sequence >= 1),
    batch_number    bigint not null references audit_roots (batch_number),
    leaf_hash       bytea  not null check (octet_length(leaf_hash) = 32),
    chain_head      bytea  not null check (octet_length(chain_head) = 32)
);

comment on table audit_links is
    'Leaf hash of each audited event and the hash-chain head after it, written with the batch''s root; append-only.';

-- The same rule as events, with a hint of its own: the audit trail is evidence, so the database
-- refuses to change it whoever asks.
create function audit_refuse_change() returns trigger
    language plpgsql as $$
begin
    raise exception '%.% is append-only: % refused', tg_table_schema, tg_table_name, tg_op
        using errcode = 'restrict_violation',
              hint = 'the audit trail is never changed; rebuild by dropping the schema and replaying the event log';
end;
$$;

create trigger audit_roots_append_only
    before update or delete or truncate on audit_roots
    for each statement execute function audit_refuse_change();

create trigger audit_links_append_only
    before update or delete or truncate on audit_links
    for each statement execute function audit_refuse_change();
