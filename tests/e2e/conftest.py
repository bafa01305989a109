"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server
on the real PostgreSQL test database. Run them with `make e2e` (scripts/e2e.sh).

They are left out of `make test` and of a plain `pytest`: scripts/e2e.sh sets PORTAL_E2E=1
after installing Chromium, playwright, axe-core and the Nu HTML Checker.
"""

import os

if os.environ.get("PORTAL_E2E") != "1":
    collect_ignore_glob = ["*"]
else:
    # Playwright's sync API runs an event loop in this thread, which makes Django refuse
    # ORM calls from the test itself; the test code is synchronous, so this is safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from tests.e2e.events_flows import events  # noqa: F401 - the events' fixture
    from tests.e2e.fixtures import *  # noqa: F403 - the fixtures live beside this file
    from tests.e2e.industries_flows import industries  # noqa: F401 - the industries' fixture
    from tests.e2e.programmes_flows import programmes  # noqa: F401 - the programmes' fixture
    from tests.e2e.strategy_flows import strategy  # noqa: F401 - the strategy's fixture
