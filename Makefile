# One target per habit. `make up` and `make test` install what they need by themselves.
.PHONY: up down test test-fast test-deploy lint bench install infra clients drill

install:
	@deploy/bootstrap.sh
	@deploy/make_env.sh

infra: install
	@deploy/infra.sh start

# Brings the stack up, then runs its main job: a short simulated study through every service.
up: infra
	@.venv/bin/rlservice up
	@.venv/bin/rlservice simulate --participants 20 --days 10 --seconds 60
	@.venv/bin/rlservice dashboard

down:
	@[ ! -x .venv/bin/rlservice ] || .venv/bin/rlservice down
	@[ ! -f .env ] || deploy/infra.sh stop

# Every ring: unit, component, tooling, and end to end against the real Kafka, Redis, PostgreSQL.
# Test files run on TEST_WORKERS processes (each end-to-end file has its own namespace, database
# and ports; most of their time is spent waiting on the services); the outage tests take a shared
# dependency away, so they run alone afterwards.
TEST_WORKERS ?= 2
test: infra
	@.venv/bin/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile -m "not outage and not deploy"
	@.venv/bin/python -m pytest -q -m outage

# The Docker deployment, run (about 3 minutes; .ci/run runs it after make test): a Docker engine
# (deploy/docker_engine.sh), images from a local Debian base as no registry answers here
# (deploy/local_base.sh, deploy/compose.local.yml), docker-compose.yml brought up, checked with
# two clients and taken down; then one end-to-end file on testcontainers from the same images.
# Ryuk (testcontainers' reaper) is an image from Docker Hub too: the fixtures remove their own.
COMPOSE = $(shell docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose)
test-deploy: install
	@deploy/docker_engine.sh
	@deploy/local_base.sh
	@$(COMPOSE) -f docker-compose.yml -f deploy/compose.local.yml build -q kafka redis postgres gateway
	@.venv/bin/python -m pytest -q -m deploy tests/deploy
	@RLS_TEST_STACK=containers RLS_TEST_IMAGES=local TESTCONTAINERS_RYUK_DISABLED=true \
	  .venv/bin/python -m pytest -q tests/e2e/test_foundation.py

# The inner loop: pure code and handlers with in-memory fakes, no stack needed (seconds).
test-fast: install
	@.venv/bin/python -m pytest -q tests/unit tests/component

lint: install
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/mypy libs services tests bench
	@.venv/bin/lint-imports

# The OpenAPI document and the Python and TypeScript clients generated from it (clients/): run
# it after changing a route; a test fails while the committed clients are not current.
clients: install
	@clients/generate.sh

bench: up
	@.venv/bin/python bench/run_all.py

# The replication drill (about 3 minutes): three Kafka brokers of its own (29092-29094), a stack
# on them with replication 3 / min.insync 2, two brokers killed in turn under load; nothing lost.
# Not in `make test`: the cluster alone takes half a minute to start. Figures: README.
drill: infra
	@.venv/bin/python bench/drill_brokers.py
