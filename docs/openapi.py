#!/usr/bin/env python3
"""Generates gateway/src/main/resources/openapi.json, the REST contract the gateway serves at
/openapi.json. Edit this file, run it, and commit both; OpenApiTest checks the routes agree."""
import json, pathlib

def ref(name): return {"$ref": f"#/components/schemas/{name}"}
def problem_responses(*codes):
    text = {"401": "T006 missing or invalid token", "403": "T007 scope or pod role does not allow it",
            "404": "T008 unknown resource", "409": "T002 idempotency key reused with a different request",
            "402": "T004 insufficient available funds (holds count)", "413": "T001 body_too_large",
            "415": "T001 unsupported_media_type", "422": "T001 validation failed (see reason)",
            "429": "T009 rate limited (Retry-After)", "503": "T003 overloaded or ledger unavailable (Retry-After)",
            "500": "T005 unexpected error; detail carries an error reference"}
    return {c: {"description": text[c], "content": {"application/problem+json": {"schema": ref("Problem")}}} for c in codes}
def ok(code, schema, desc):
    return {code: {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}}
def body(schema): return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}
def path_id(name): return {"name": name, "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}
common = ["401", "403", "422", "429", "503", "500"]
sec = [{"bearer": []}]

doc = {
  "openapi": "3.1.0",
  "info": {"title": "CrowdPay Transaction Engine", "version": "1.0.0",
           "description": "Transfers, top-ups, withdrawals and FX swaps for shared wallets (pods). Every call under /v1 needs a "
                          "bearer JWT (RS256, ES256 or EdDSA). Errors are application/problem+json with a stable code (T001-T009) "
                          "and reason. Every response carries X-Trace-Id."},
  "servers": [{"url": "http://127.0.0.1:8080"}],
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
    "schemas": {
      "Money": {"type": "object", "additionalProperties": False, "required": ["currency", "value"], "properties": {
          "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 code"},
          "value": {"type": "string", "pattern": "^[0-9]{1,12}(\\.[0-9]{1,4})?$",
                    "description": "Decimal string, at most the currency's minor-unit digits, greater than zero, below 10^12."}}},
      "Problem": {"type": "object", "required": ["type", "title", "status", "code", "reason", "detail", "trace_id"], "properties": {
          "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
          "code": {"type": "string", "enum": ["T001", "T002", "T003", "T004", "T005", "T006", "T007", "T008", "T009"]},
          "reason": {"type": "string", "description": "Stable machine-readable word, e.g. kyc_not_verified, limit_exceeded, insufficient_funds."},
          "detail": {"type": "string"}, "trace_id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
          "errors": {"type": "array", "items": {"type": "object", "properties": {"field": {"type": "string"}, "reason": {"type": "string"}}}}}},
      "UserRequest": {"type": "object", "additionalProperties": False, "required": ["kyc_status", "kyc_tier"], "properties": {
          "kyc_status": {"type": "string", "enum": ["NONE", "PENDING", "VERIFIED", "REJECTED"]},
          "kyc_tier": {"type": "integer", "minimum": 0, "maximum": 2}}},
      "User": {"type": "object", "properties": {"user_id": ID, "kyc_status": {"type": "string"}, "kyc_tier": {"type": "integer"}}},
      "Member": {"type": "object", "additionalProperties": False, "required": ["user_id", "role"], "properties": {
          "user_id": ID, "role": {"type": "string", "enum": ["OWNER", "ADMIN", "MEMBER", "VIEWER"]}}},
      "PodRequest": {"type": "object", "additionalProperties": False, "required": ["name", "currencies", "members"], "properties": {
          "name": {"type": "string", "maxLength": 200},
          "currencies": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 20},
          "members": {"type": "array", "items": ref("Member"), "minItems": 1, "maxItems": 500}}},
      "Pod": {"type": "object", "properties": {"pod_id": ID, "name": {"type": "string"}, "wallet_id": {"type": "string"},
          "currencies": {"type": "array", "items": {"type": "string"}}, "members": {"type": "array", "items": ref("Member")}}},
      "WalletRequest": {"type": "object", "additionalProperties": False, "required": ["owner_user_id", "currencies"], "properties": {
          "owner_user_id": ID, "currencies": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 20}}},
      "Wallet": {"type": "object", "properties": {"wallet_id": {"type": "string"},
          "owner": {"type": "object", "properties": {"type": {"type": "string", "enum": ["POD", "USER"]}, "pod_id": {"type": "string"}, "user_id": {"type": "string"}}},
          "balances": {"type": "array", "items": {"type": "object", "properties": {"currency": {"type": "string"},
              "available": {"type": "string"}, "held": {"type": "string"}, "total": {"type": "string"}}}}}},
      "QuoteRequest": {"type": "object", "additionalProperties": False, "required": ["pod_id", "sell", "buy_currency"], "properties": {
          "pod_id": ID, "sell": ref("Money"), "buy_currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}},
      "Quote": {"type": "object", "properties": {"quote_id": {"type": "string"}, "pod_id": {"type": "string"}, "sell": ref("Money"),
          "buy": ref("Money"), "rate": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"},
          "expires_at": {"type": "string", "format": "date-time"}}},
      "TransactionRequest": {"type": "object", "additionalProperties": False, "required": ["type", "pod_id", "amount"], "properties": {
          "type": {"type": "string", "enum": ["TRANSFER", "TOP_UP", "WITHDRAWAL", "FX_SWAP"]},
          "pod_id": ID, "amount": ref("Money"), "description": {"type": "string", "maxLength": 500},
          "metadata": {"type": "object", "maxProperties": 20, "additionalProperties": {"type": "string", "maxLength": 500},
                       "description": "Free-form strings. In the embedded default, simulate_leg=fail makes the outside leg fail."},
          "idempotency_key": {"type": "string", "maxLength": 255, "description": "Required here or in the Idempotency-Key header; equal if both."},
          "beneficiary_wallet_id": {**ID, "description": "TRANSFER only, required."},
          "source_wallet_id": {**ID, "description": "TRANSFER only; default the pod's wallet; else a personal wallet of the caller."},
          "funding_source": {"type": "object", "additionalProperties": False, "required": ["type", "reference"], "properties": {
              "type": {"type": "string", "enum": ["CARD", "BANK"]}, "reference": {"type": "string", "maxLength": 140}},
              "description": "TOP_UP only, optional."},
          "payout": {"type": "object", "additionalProperties": False, "required": ["iban", "name"], "properties": {
              "iban": {"type": "string", "description": "Checked for format and mod-97 checksum."}, "name": {"type": "string", "maxLength": 140},
              "bic": {"type": "string", "pattern": "^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$"}}, "description": "WITHDRAWAL only, required."},
          "fx_quote_id": {"type": "string", "description": "FX_SWAP only, required; the quote's sell side must equal amount."}}},
      "Transaction": {"type": "object", "properties": {
          "transaction_id": {"type": "string"}, "type": {"type": "string"},
          "status": {"type": "string", "enum": ["PENDING", "SETTLED", "FAILED", "REVERSED"]},
          "pod_id": {"type": "string"}, "amount": ref("Money"), "source_wallet_id": {"type": "string"},
          "beneficiary_wallet_id": {"type": "string"},
          "fx": {"type": "object", "properties": {"quote_id": {"type": "string"}, "rate": {"type": "string"}, "buy": ref("Money")}},
          "funding_source": {"type": "object"}, "payout": {"type": "object"},
          "description": {"type": "string"}, "metadata": {"type": "object"}, "idempotency_key": {"type": "string"},
          "correlation_id": {"type": "string"},
          "failure": {"type": "object", "properties": {"code": {"type": "string"}, "reason": {"type": "string"}}},
          "created_by": {"type": "string"},
          "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}},
      "TransactionPage": {"type": "object", "required": ["items"], "properties": {
          "items": {"type": "array", "items": ref("Transaction"),
                    "description": "Newest first (created_at, ties broken by acceptance order). Each item is exactly what GET /v1/transactions/{transaction_id} returns, as of the projection's lag."},
          "next_cursor": {"type": "string", "description": "Opaque; pass it unchanged as cursor, with the same filters, for the next page. Absent on the last page."}}},
      "SignedRoot": {"type": "object", "description": "The signed commitment to one audit batch. The Ed25519 signature (key key_id) covers, in this order, the length-prefixed UTF-8 fields (4-byte big-endian byte length, then the bytes) \"crowdpay.audit.root.v1\", batch_number, first_sequence, last_sequence, leaf_count (numbers as decimal text), merkle_root, chain_head, key_id. The same fields are published on the JetStream subject crowdpay.audit.root.v1 for the audit-vault.",
          "properties": {
          "batch_number": {"type": "integer", "minimum": 1}, "first_sequence": {"type": "integer"}, "last_sequence": {"type": "integer"},
          "leaf_count": {"type": "integer", "minimum": 1, "maximum": 10000},
          "merkle_root": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "RFC 6962 Merkle tree hash of the batch's event leaves."},
          "chain_head": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "Hash-chain head after the batch's last event (chains every event ever, across batches)."},
          "key_id": {"type": "string", "description": "First 16 hex digits of SHA-256 of the auditor's Ed25519 public key (X.509 DER)."},
          "signature": {"type": "string", "description": "Ed25519 signature, base64url without padding."},
          "signed_at": {"type": "string", "format": "date-time"}}},
      "AuditedEvent": {"type": "object", "description": "An event as stored, with its place in the audit. leaf_hash = SHA-256(0x00 || encoding), where encoding is the length-prefixed UTF-8 fields sequence, event_id, stream_id, stream_version, type, payload, journal_index, at_ms, correlation_id (numbers as decimal text, payload as canonical JSON: keys sorted, no whitespace; an absent correlation_id as the empty string). Check a sealed event by recomputing its leaf and folding inclusion_proof up to its root's merkle_root (RFC 9162 section 2.1.3.2).",
          "properties": {
          "sequence": {"type": "integer", "description": "Global event sequence, gap-free from 1."},
          "event_id": {"type": "string", "description": "ev_<sequence>"}, "stream_id": {"type": "string"},
          "stream_version": {"type": "integer"}, "type": {"type": "string", "description": "Stable type name, e.g. FundsHeld.v1"},
          "payload": {"type": "object"}, "journal_index": {"type": "integer"}, "at_ms": {"type": "integer", "description": "Event time, epoch milliseconds."},
          "correlation_id": {"type": "string"},
          "leaf_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
          "sealed": {"type": "boolean", "description": "false while the event's batch is still open (it is signed within about a minute); the fields below are then absent."},
          "chain_head": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
          "batch_number": {"type": "integer"}, "leaf_index": {"type": "integer", "description": "From 0 within the batch."},
          "leaf_count": {"type": "integer"},
          "inclusion_proof": {"type": "array", "items": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                              "description": "RFC 6962 audit path: sibling hashes, nearest the leaf first."}}},
      "TransactionAudit": {"type": "object", "properties": {
          "transaction_id": {"type": "string"},
          "events": {"type": "array", "items": ref("AuditedEvent"), "maxItems": 1000,
                     "description": "The transaction's events in the event store, in sequence order; empty while the store has not caught up."},
          "roots": {"type": "array", "items": ref("SignedRoot"), "description": "The signed roots of the batches those events are sealed in."},
          "truncated": {"type": "boolean", "description": "true if the transaction has more than 1000 events (only the first are listed)."}}},
    }},
  "paths": {
    "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "alive"}}}},
    "/readyz": {"get": {"summary": "Readiness: journal writable, engine replayed, ring not saturated",
                        "responses": {"200": {"description": "ready"}, "503": {"description": "not ready, with the reason"}}}},
    "/metrics": {"get": {"summary": "Prometheus text format", "responses": {"200": {"description": "metrics"}}}},
    "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    "/v1/users/{user_id}": {"put": {"summary": "Create or update a user's KYC facts (scope admin)", "security": sec,
        "parameters": [path_id("user_id")], "requestBody": body("UserRequest"),
        "responses": {**ok("200", "User", "the user"), **problem_responses(*common)}}},
    "/v1/pods/{pod_id}": {"put": {"summary": "Create or update a pod; its wallet is pw_{pod_id} (scope admin)", "security": sec,
        "parameters": [path_id("pod_id")], "requestBody": body("PodRequest"),
        "responses": {**ok("200", "Pod", "the pod"), **problem_responses(*common)}}},
    "/v1/wallets/{wallet_id}": {
        "put": {"summary": "Create or update a personal wallet (scope admin)", "security": sec,
                "parameters": [path_id("wallet_id")], "requestBody": body("WalletRequest"),
                "responses": {**ok("200", "Wallet", "the wallet"), **problem_responses(*common)}},
        "get": {"summary": "Balances of a wallet (scope transactions:read; owner, pod member or admin)", "security": sec,
                "parameters": [path_id("wallet_id")],
                "responses": {**ok("200", "Wallet", "the wallet"), **problem_responses("401", "403", "404", "429", "503", "500")}}},
    "/v1/fx/quotes": {"post": {"summary": "A firm FX quote, single use, valid for the configured TTL (default 30 s)", "security": sec,
        "requestBody": body("QuoteRequest"),
        "responses": {**ok("201", "Quote", "the quote"), **problem_responses(*common, "415")}}},
    "/v1/transactions": {"get": {"summary": "List transactions, newest first, from the read model (scope transactions:read). "
                                        "pod_id is required unless the token has scope admin, and the caller must be a member of that pod "
                                        "(else 403 T007 not_a_member, also for an unknown pod). The list follows the engine within the "
                                        "projection's lag; GET /v1/transactions/{transaction_id} reads its own writes. Unknown or repeated "
                                        "parameters, and invalid values, are 422 T001 with one errors[] entry each; 503 T003 "
                                        "read_model_unavailable when the read model cannot be read.",
        "security": sec,
        "parameters": [
            {"name": "pod_id", "in": "query", "schema": ID, "description": "Only this pod's transactions. Required unless admin."},
            {"name": "wallet_id", "in": "query", "schema": ID, "description": "Only transactions with this wallet as source or beneficiary."},
            {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["PENDING", "SETTLED", "FAILED", "REVERSED"]}},
            {"name": "type", "in": "query", "schema": {"type": "string", "enum": ["TRANSFER", "TOP_UP", "WITHDRAWAL", "FX_SWAP"]}},
            {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
            {"name": "cursor", "in": "query", "schema": {"type": "string", "maxLength": 64},
             "description": "The next_cursor of the previous page, with the same filters; any other value is 422 T001."}],
        "responses": {**ok("200", "TransactionPage", "one page of transactions"), **problem_responses(*common)}},
                          "post": {"summary": "Initiate a transaction (scope transactions:write)", "security": sec,
        "parameters": [
            {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 255},
             "description": "Required here or as idempotency_key. Same caller + key + request returns the original with Idempotent-Replayed: true; a different request is T002. Kept at least 24 h."},
            {"name": "X-Correlation-Id", "in": "header", "schema": {"type": "string", "maxLength": 128}}],
        "requestBody": body("TransactionRequest"),
        "responses": {**ok("202", "Transaction", "accepted: journaled, validated, funds held; status PENDING"),
                      **problem_responses(*common, "402", "409", "413", "415")}}},
    "/v1/transactions/{transaction_id}": {"get": {"summary": "One transaction, read-your-writes (scope transactions:read; pod member or admin)",
        "security": sec, "parameters": [{"name": "transaction_id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {**ok("200", "Transaction", "the transaction"), **problem_responses("401", "403", "404", "429", "503", "500")}}},
    "/v1/transactions/{transaction_id}/audit": {"get": {"summary": "A transaction's events with their Merkle inclusion proofs and signed batch roots (scope transactions:read; pod member or admin, as for the transaction). 404 T008 audit_not_configured when the service runs without DATABASE_URL; 503 T003 audit_unavailable when PostgreSQL cannot be read.",
        "security": sec, "parameters": [{"name": "transaction_id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {**ok("200", "TransactionAudit", "the audit trail of the transaction"), **problem_responses("401", "403", "404", "429", "503", "500")}}},
  }}
out = pathlib.Path(__file__).resolve().parent.parent / "gateway/src/main/resources/openapi.json"
out.write_text(json.dumps(doc, indent=2) + "\n")
print(f"wrote {out}")
