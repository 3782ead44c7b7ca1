-- The read model (ADR 0005): one row per transaction with its current status and the fields of
-- API.md's Transaction, wallet balances, pod membership, and the projection's checkpoint, all
-- written in one transaction per batch. Flyway runs this with search_path set to the target schema
-- ("read_model" in the service, a random one in tests), so names stay unqualified here.

create table transactions (
    transaction_id        text        primary key,
    -- Global sequence of the TransactionInitiated event: breaks ties of created_at, so every
    -- transaction has a unique, stable place in the newest-first list.
    initiated_sequence    bigint      not null unique check (initiated_sequence >= 1),
    type                  text        not null check (type in ('TRANSFER', 'TOP_UP', 'WITHDRAWAL', 'FX_SWAP')),
    status                text        not null check (status in ('PENDING', 'SETTLED', 'FAILED', 'REVERSED')),
    pod_id                text        not null,
    amount_currency       text        not null,
    amount_minor          bigint      not null check (amount_minor > 0),
    source_wallet_id      text        null,
    beneficiary_wallet_id text        null,
    fx_quote_id           text        null,
    fx_rate               numeric     null,
    fx_buy_currency       text        null,
    fx_buy_minor          bigint      null,
    funding_type          text        null,
    funding_reference     text        null,
    payout_iban           text        null,
    payout_name           text        null,
    payout_bic            text        null,
    description           text        null,
    metadata              jsonb       not null default '{}',
    idempotency_key       text        not null,
    correlation_id        text        null,
    created_by            text        not null,
    failure_code          text        null,
    failure_reason        text        null,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    check ((status = 'FAILED') = (failure_code is not null)),
    check ((fx_quote_id is null) = (fx_rate is null) and (fx_rate is null) = (fx_buy_minor is null))
);

comment on table transactions is
    'One row per transaction, current status and API fields; derived from the event log, rebuildable.';

-- Every list query orders newest first by (created_at, initiated_sequence) and pages with a row
-- comparison on the same pair, so each filter has an index ending in that pair: a page is then an
-- index range scan of at most limit + 1 rows, however long the history.
create index transactions_newest on transactions (created_at desc, initiated_sequence desc);
create index transactions_by_pod on transactions (pod_id, created_at desc, initiated_sequence desc);
create index transactions_by_source on transactions (source_wallet_id, created_at desc, initiated_sequence desc)
    where source_wallet_id is not null;
create index transactions_by_beneficiary on transactions (beneficiary_wallet_id, created_at desc, initiated_sequence desc)
    where beneficiary_wallet_id is not null;
create index transactions_by_status on transactions (status, created_at desc, initiated_sequence desc);
create index transactions_by_type on transactions (type, created_at desc, initiated_sequence desc);

-- Minor units per wallet and currency, as GET /v1/wallets/{id} shows them. Never negative: the
-- projection checks each new balance before commit (a CHECK here would also refuse the negative
-- deltas its upsert proposes before they are added).
create table wallet_balances (
    wallet_id text   not null,
    currency  text   not null,
    available bigint not null,
    held      bigint not null,
    total     bigint generated always as (available + held) stored,
    primary key (wallet_id, currency)
);

comment on table wallet_balances is 'Available and held minor units per wallet and currency, from the ledger events.';

-- Who may list a pod's transactions: the members of its latest PodUpserted event.
create table pod_members (
    pod_id  text not null,
    user_id text not null,
    role    text not null check (role in ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
    primary key (pod_id, user_id)
);

comment on table pod_members is 'Members of each pod as of its latest PodUpserted event.';

-- Same shape as the event store's: the last event sequence applied, written in the same
-- transaction as the rows it covers.
create table consumer_checkpoints (
    consumer      text        primary key check (length(consumer) between 1 and 200),
    last_sequence bigint      not null check (last_sequence >= 0),
    updated_at    timestamptz not null default now()
);

comment on table consumer_checkpoints is
    'Last event sequence each read-model consumer applied, written in the same transaction as its rows.';
