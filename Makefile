# One target per habit. `make up` and `make test` install what they need by themselves.
.PHONY: up down test test-fast lint bench install infra clients

install:
	@deploy/bootstrap.sh
	@deploy/make_env.sh

infra: install
	@deploy/infra.sh start

# Brings the stack up, then runs its main job: a short simulated study through every service.
up: infra
	@.venv/bin/rlservice up
	@.venv/bin/rlservice simulate --participants 20 --days 10 --seconds 60

down:
	@[ ! -x .venv/bin/rlservice ] || .venv/bin/rlservice down
	@[ ! -f .env ] || deploy/infra.sh stop

# Every ring: unit, component, tooling, and end to end against the real Kafka, Redis, PostgreSQL.
test: infra
	@.venv/bin/python -m pytest -q

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
