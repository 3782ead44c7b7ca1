-- The event store (ADR 0005): one row per engine event, append-only, plus one checkpoint row per
-- consumer. Flyway runs this with search_path set to the target schema, so names stay unqualified
-- and the same script serves any schema (the service's "crowdpay", a test's random one).

create table events (
    global_sequence bigint      primary key check (global_sequence >= 1),
    event_id        text        not null unique,
    stream_id       text        not null,
    stream_version  bigint      not null check (stream_version >= 1),
    type            text        not null,
    payload         jsonb       not null,
    journal_index   bigint      not null,
    event_time      timestamptz not null,
    correlation_id  text        null,
    recorded_at     timestamptz not null default now(),
    unique (stream_id, stream_version)
);

comment on table events is
    'Append-only copy of the engine''s events, numbered by global_sequence; rebuildable from the journal.';

-- The checks mirror EventStore's own (consumer name 1..200 characters, sequence never negative),
-- so a writer that skipped them is still stopped here.
create table consumer_checkpoints (
    consumer      text        primary key check (length(consumer) between 1 and 200),
    last_sequence bigint      not null check (last_sequence >= 0),
    updated_at    timestamptz not null default now()
);

comment on table consumer_checkpoints is
    'Last global_sequence each consumer stored, written in the same transaction as its data.';

-- Append-only is enforced by the database itself, not by the good manners of its clients: a
-- statement-level trigger refuses every UPDATE, DELETE and TRUNCATE of events, whoever sends it.
-- A deliberate rebuild drops the schema and migrates again (see the README).
create function events_refuse_change() returns trigger
    language plpgsql as $$
begin
    raise exception '%.% is append-only: % refused', tg_table_schema, tg_table_name, tg_op
        using errcode = 'restrict_violation',
              hint = 'events are never changed; rebuild by dropping the schema and replaying the event log';
end;
$$;

create trigger events_append_only
    before update or delete or truncate on events
    for each statement execute function events_refuse_change();
