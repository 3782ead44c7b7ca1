-- Baseline for the benchmark suite (benchmarks/suite.sh): the tables a classic Postgres-per-request
-- payments service would touch for one transfer. transfer.sql is the pgbench script that drives them.
--
--   psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -f benchmarks/baseline/schema.sql
--
-- Seeds 1,000 pod wallets (ids 1..1000, balances large enough never to run dry during a run) and
-- 1,000 beneficiary wallets (ids 1001..2000, empty). The whole schema is dropped and recreated.
DROP SCHEMA IF EXISTS baseline CASCADE;
CREATE SCHEMA baseline;
SET search_path = baseline;

-- One row per request key: the idempotency check is the insert itself (a duplicate fails on the pk).
CREATE TABLE idempotency_keys (
    actor          text        NOT NULL,
    key            text        NOT NULL,
    transaction_id uuid        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor, key)
);

-- Balances in minor units; the check constraint is the last line of defence against overdraft.
CREATE TABLE wallets (
    wallet_id bigint PRIMARY KEY,
    currency  char(3) NOT NULL,
    available bigint  NOT NULL CHECK (available >= 0),
    held      bigint  NOT NULL DEFAULT 0 CHECK (held >= 0)
);

-- Append-only event log with a global order.
CREATE TABLE events (
    id         bigserial   PRIMARY KEY,
    stream_id  text        NOT NULL,
    type       text        NOT NULL,
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Read model of transactions, written in the same database transaction.
CREATE TABLE transactions (
    transaction_id uuid        PRIMARY KEY,
    pod            bigint      NOT NULL,
    status         text        NOT NULL,
    amount         bigint      NOT NULL,
    source         bigint      NOT NULL,
    beneficiary    bigint      NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Pod wallets: 1..1000, 10^12 minor units each (more than any run can spend).
INSERT INTO wallets (wallet_id, currency, available, held)
SELECT g, 'EUR', 1000000000000, 0 FROM generate_series(1, 1000) g;
-- Beneficiary wallets: 1001..2000, empty.
INSERT INTO wallets (wallet_id, currency, available, held)
SELECT g, 'EUR', 0, 0 FROM generate_series(1001, 2000) g;

VACUUM ANALYZE wallets;
