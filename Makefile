# One target per habit. `make up` and `make test` install what they need by themselves.
.PHONY: up down test lint bench install infra

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

test: infra
	@.venv/bin/python -m pytest -q

lint: install
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/mypy libs services tests bench
	@.venv/bin/lint-imports

bench: up
	@.venv/bin/python bench/run_all.py
