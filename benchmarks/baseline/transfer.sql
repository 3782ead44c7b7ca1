-- pgbench script: one transfer per transaction, as a Postgres-per-request service would do it.
-- Needs schema.sql loaded first. Run e.g.
--   pgbench -h 127.0.0.1 -U postgres -n -f benchmarks/baseline/transfer.sql -c 8 -j 2 -T 30 -M prepared test
--
-- Per transaction: idempotency-key insert, row lock on the source wallet, debit (refused unless the
-- funds are there), credit, two event rows (~300-byte JSON payloads), one read-model row, commit.
-- pgbench has no way to branch on the debit's row count, so the check is in the WHERE clause and the
-- large seeded balances make it always pass (as the happy path of a real service would).
-- Needs -M prepared or -M extended: the transaction id from the first insert is passed on as a
-- bound parameter (pgbench's simple mode would paste it unquoted).
\set src random(1, 1000)
\set dst random(1001, 2000)
\set amount random(100, 50000)
\set actor random(1, 100000)
\set nonce random(1, 9223372036854775806)
BEGIN;
-- 1. idempotency key: the actor's request key, unique per transaction (client id + random nonce).
INSERT INTO baseline.idempotency_keys (actor, key, transaction_id)
VALUES ('user-' || :actor, 'k-' || :client_id || '-' || :nonce, gen_random_uuid())
RETURNING transaction_id \gset tx_
-- 2. lock the source wallet and read its balance.
SELECT available, currency FROM baseline.wallets WHERE wallet_id = :src FOR UPDATE;
-- 3. debit the source, only if the funds are available.
UPDATE baseline.wallets SET available = available - :amount WHERE wallet_id = :src AND available >= :amount;
-- 4. credit the beneficiary.
UPDATE baseline.wallets SET available = available + :amount WHERE wallet_id = :dst;
-- 5. two events: initiated and settled.
INSERT INTO baseline.events (stream_id, type, payload) VALUES
  ('transaction-' || :tx_transaction_id::uuid, 'TransactionInitiated',
   jsonb_build_object('transactionId', :tx_transaction_id::text, 'type', 'TRANSFER', 'podId', 'pod-' || :src,
     'actorId', 'user-' || :actor, 'sourceWalletId', :src::bigint, 'beneficiaryWalletId', :dst::bigint, 'amount', :amount::bigint,
     'currency', 'EUR', 'idempotencyKey', 'k-' || :client_id || '-' || :nonce, 'reference', 'load test transfer',
     'riskScore', 12, 'initiatedAt', now())),
  ('transaction-' || :tx_transaction_id::uuid, 'TransactionSettled',
   jsonb_build_object('transactionId', :tx_transaction_id::text, 'status', 'SETTLED', 'podId', 'pod-' || :src,
     'sourceWalletId', :src::bigint, 'beneficiaryWalletId', :dst::bigint, 'amount', :amount::bigint, 'currency', 'EUR',
     'debited', :amount::bigint, 'credited', :amount::bigint, 'fee', 0, 'ledgerEntries', 2, 'settledAt', now()));
-- 6. read-model row.
INSERT INTO baseline.transactions (transaction_id, pod, status, amount, source, beneficiary)
VALUES (:tx_transaction_id::uuid, :src, 'SETTLED', :amount, :src, :dst);
COMMIT;
