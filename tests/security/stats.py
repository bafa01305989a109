"""Figures the security suite collects while it runs, printed at the end of the run
(tests/security/conftest.py) so a CI log shows what was probed and what was found."""

STATS = {
    "pages probed": set(),
    "query parameters probed": set(),
    "forms probed": set(),
    "form fields probed": set(),
    "inputs tried": 0,
    "5xx responses": 0,
    "refused submissions that wrote rows": 0,
    "recovery after database outage (s)": None,
}


def record(response, *, page=None, param=None, form=None, field=None):
    if page:
        STATS["pages probed"].add(page)
    if param:
        STATS["query parameters probed"].add(param)
    if form:
        STATS["forms probed"].add(form)
    if field:
        STATS["form fields probed"].add(field)
    STATS["inputs tried"] += 1
    if response.status_code >= 500:
        STATS["5xx responses"] += 1


def summary_lines():
    lines = []
    probed = STATS["inputs tried"] > 0
    for key, value in STATS.items():
        if value is None or value == set():
            continue
        if not probed and key in (
            "inputs tried",
            "5xx responses",
            "refused submissions that wrote rows",
        ):
            continue
        lines.append(f"{key}: {len(value) if isinstance(value, set) else value}")
    return lines
