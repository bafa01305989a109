"""City-scale benchmark data: `manage.py seed_bench --scale 1`.

Each app contributes through `apps/<app>/bench.py: seed(scale, rng)`, discovered in
INSTALLED_APPS order (core, profile, then the themes), so core knows nothing of the themes.
Each multiplies its app's demo definitions (apps.core.demodata: the demo rows, and the sizes,
shares and word lists in demo/bench.yaml). Everything is generated with bulk_create from one
seeded RNG, so the same scale always gives the same rows.

Bench databases are throwaway: the command empties every table of the portal's apps
first (TRUNCATE ... CASCADE), so it refuses to run against a database whose name does not
contain "bench" unless given --force.
"""

import importlib
import random
import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.core.demodata import portal_configs

SEED = 20261127


def bench_modules():
    for config in portal_configs():
        try:
            yield config, importlib.import_module(f"{config.name}.bench")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.bench":
                raise
            continue


class Command(BaseCommand):
    help = "Replace the portal's content with deterministic city-scale benchmark data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1 = the city (10,000 organisations)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help='Run even though the database name does not contain "bench".',
        )

    def handle(self, *args, scale, force, **options):
        name = connection.settings_dict["NAME"]
        if "bench" not in name and not force:
            raise CommandError(
                f"Refusing to wipe database {name!r}: its name does not contain 'bench'. "
                "Pass --force if you really mean it."
            )
        if not 0 < scale <= 10:
            raise CommandError("--scale must be more than 0 and at most 10.")
        started = time.monotonic()
        rng = random.Random(SEED)
        with transaction.atomic():
            self._truncate()
            for config, module in bench_modules():
                t0 = time.monotonic()
                summary = module.seed(scale, rng)
                self.stdout.write(
                    f"  {config.verbose_name}: {summary} ({time.monotonic() - t0:.1f} s)"
                )
        with connection.cursor() as cursor:
            # Fresh statistics and visibility maps, as autovacuum would leave a live database,
            # so the planner sees the real sizes and can use index-only scans. VACUUM cannot
            # run inside a transaction (as in the tests), where ANALYZE has to do.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded scale {scale:g} into {name} in {time.monotonic() - started:.1f} s"
            )
        )

    def _truncate(self):
        user_model = apps.get_model("core", "User")
        tables = [
            model._meta.db_table
            for config in portal_configs()
            for model in config.get_models(include_auto_created=True)
            if model is not user_model and not model._meta.proxy and model._meta.managed
        ]
        quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
        with connection.cursor() as cursor:
            # Deferred foreign-key checks from earlier work in this transaction (a test
            # seeding twice) must run before TRUNCATE may.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")  # noqa: S608
