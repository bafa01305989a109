"""The open-data API against its own schema, as an API user would check it: the pinned
schemathesis CLI (`st run --checks all`) against gunicorn with DEBUG off, on a fresh
database with the demo data, with the rate limits off (the API's throttle would
otherwise answer most of the run with 429).

    .venv/bin/python scripts/api_contract.py [--seeds 1 2 3] [--max-examples 200]

Exits non-zero if any run reports a failure. Only 127.0.0.1 is contacted.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from servers import ROOT, VENV_BIN, Gunicorn, fresh_database, manage, production_env


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--max-examples", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/strategy_portal")
    print(f"==> api contract: a fresh database beside {base.rsplit('/', 1)[-1]}", flush=True)
    database = fresh_database(base, "contract")
    workdir = Path(tempfile.mkdtemp(prefix="portal-api-contract-"))
    env = production_env(
        database,
        workdir / "static",
        MEDIA_ROOT=workdir / "media",
        RATELIMIT_ENABLED="false",
        API_ANON_RATE="1000000/minute",
    )
    manage(env, "collectstatic", "--noinput")
    failed = []
    with Gunicorn(env, workers=2, threads=4, log=workdir / "gunicorn.log") as server:
        url = f"http://127.0.0.1:{server.port}"
        for seed in args.seeds:
            print(f"==> api contract: seed {seed}, {args.max_examples} examples", flush=True)
            run = subprocess.run(  # noqa: S603
                [
                    str(VENV_BIN / "st"),
                    "run",
                    f"{url}/api/v1/schema/?format=json",
                    "--url",
                    url,
                    "-H",
                    "X-Forwarded-Proto: https",
                    "--checks",
                    "all",
                    "--max-examples",
                    str(args.max_examples),
                    "--workers",
                    str(args.workers),
                    "--seed",
                    str(seed),
                    "--no-color",
                ],
                cwd=workdir,  # no project configuration file is picked up
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                check=False,
            )
            if run.returncode:
                failed.append(seed)
    print(f"==> api contract: gunicorn log in {workdir / 'gunicorn.log'}")
    if failed:
        print(f"api contract: FAIL (seeds {' '.join(map(str, failed))})")
        return 1
    print(f"api contract: OK ({len(args.seeds)} seeds, 0 failures)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
