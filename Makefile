# The one entry point. Each target sets up .venv and PostgreSQL itself.
.PHONY: run test e2e lint migrate demo shell lock soak two-instances bench

run:  ## Serve the portal with demo data on http://127.0.0.1:8000
	@bash scripts/dev.sh run

test:  ## ruff, import contracts, manage.py check, makemigrations --check and the whole pytest suite
	@bash scripts/dev.sh test

e2e:  ## Browser journeys in Chromium, axe-core, Nu HTML Checker and screenshots (screenshots/)
	@bash scripts/dev.sh e2e

lint:  ## pre-commit's hooks on every file: ruff check, ruff format, django-upgrade --target-version 6.1, import contracts
	@bash scripts/dev.sh lint

migrate:
	@bash scripts/dev.sh migrate

demo:  ## Load (or refresh) the demo data without serving
	@bash scripts/dev.sh demo

shell:
	@bash scripts/dev.sh shell

lock:  ## Re-pin every dependency after editing pyproject.toml
	@bash scripts/lock.sh

soak:  ## 16 clients browse and submit for 60 s against gunicorn; 0 5xx, rows == accepted
	@bash scripts/dev.sh soak

two-instances:  ## Two gunicorns behind Debian's nginx share PostgreSQL and Redis
	@bash scripts/dev.sh two-instances
bench:  ## Seed city-scale data, load every public page under gunicorn, write docs/benchmarks.md
	@bash scripts/bench.sh
