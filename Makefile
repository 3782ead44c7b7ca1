# Front door. Every target finds a JDK >= 21 itself (bin/find-jdk.sh).
SHELL := /bin/bash
MVN := . bin/find-jdk.sh && mvn -B

.PHONY: dev test build seed-secrets token replay verify bench migrate audit-verify simulators infra-up clean

dev: ## Build and run the service on its embedded default (http://127.0.0.1:8080)
	bin/crowdpay serve

test: ## Build everything and run the whole test suite
	$(MVN) verify

build: ## Build the service jar without tests
	$(MVN) -q -DskipTests install

seed-secrets: ## Make the dev JWT signing key and JWKS under DATA_DIR/keys
	bin/crowdpay seed-secrets

token: ## Mint a dev token: make token SUB=u_alice SCOPE="transactions:read transactions:write"
	@bin/crowdpay token --sub "$(SUB)" $(if $(SCOPE),--scope "$(SCOPE)",)

replay: ## Replay the journal and print entries, state hash and time
	bin/crowdpay replay

verify: ## Replay the journal and compare with the latest snapshot
	bin/crowdpay replay --verify

bench: ## JMH benchmarks of the engine, the journal, the REST JSON and JWT verification
	benchmarks/run.sh

migrate: ## Create or update the PostgreSQL event store schema: DATABASE_URL=postgresql://... make migrate
	bin/crowdpay migrate

audit-verify: ## Recompute the Merkle audit from PostgreSQL, name the first tampered event: DATABASE_URL=postgresql://... make audit-verify
	bin/crowdpay audit verify $(if $(PUBLIC_KEY),--public-key "$(PUBLIC_KEY)",)

simulators: ## Run the FX provider, bank and AML simulators over NATS: make simulators ARGS="--fail-rate 0.2 --timeout-rate 0.1"
	bin/crowdpay simulate $(ARGS)

infra-up: ## Postgres and NATS run on this machine kind already; .ci/run starts them if they are down
	@echo "make infra-up: no Docker here; PostgreSQL (127.0.0.1:5432) and NATS (127.0.0.1:4222) are the machine's own. 'make dev' needs neither." >&2; exit 2

clean:
	$(MVN) -q clean
