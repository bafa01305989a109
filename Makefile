# The one entry point. Each target sets up .venv and PostgreSQL itself.
.PHONY: run test lint migrate demo shell lock bench

run:  ## Serve the portal with demo data on http://127.0.0.1:8000
	@bash scripts/dev.sh run

test:  ## ruff, manage.py check, makemigrations --check and the whole pytest suite
	@bash scripts/dev.sh test

lint:
	@bash scripts/dev.sh lint

migrate:
	@bash scripts/dev.sh migrate

demo:  ## Load (or refresh) the demo data without serving
	@bash scripts/dev.sh demo

shell:
	@bash scripts/dev.sh shell

lock:  ## Re-pin every dependency after editing pyproject.toml
	@bash scripts/lock.sh

bench:  ## Seed city-scale data, load every public page under gunicorn, write BENCHMARKS.md
	@bash scripts/bench.sh
