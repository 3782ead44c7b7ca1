# Front door. Every target finds a JDK >= 21 itself (bin/find-jdk.sh).
SHELL := /bin/bash
MVN := . bin/find-jdk.sh && mvn -B

.PHONY: dev test build seed-secrets token replay verify bench migrate infra-up clean

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

bench: ## JMH benchmarks of the engine and the journal
	benchmarks/run.sh

migrate infra-up: ## Arrive with Postgres and NATS (a later release); the embedded default needs neither
	@echo "make $@: Postgres and NATS support arrives in a later release; 'make dev' runs without them." >&2; exit 2

clean:
	$(MVN) -q clean
