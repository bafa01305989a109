"""Hostile inputs every public field and parameter must survive."""

XSS = '<script>alert("x")</script>'

CORPUS = [
    XSS,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE profile_organisation; --",
    "1 OR 1=1",
    "\x00",
    "abc\x00def",
    "a" * 100_000,
    "\u202egnp.exe",  # right-to-left override
    "🚀🏴󠁧󠁢󠁥󠁮󠁧󠁿 Tyne 🌉",
    "-1",
    "-999999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "31/12/2026",
    "0000-00-00",
    "%00",
    "../../etc/passwd",
    "{{ 7*7 }}",
    "${7*7}",
    "",
    " ",
]

# Percent-encoded bytes that are not valid UTF-8 (a lone surrogate and stray bytes),
# sent raw because a Python str cannot hold them.
INVALID_UTF8 = "%FF%FE%ED%B3%BF%C0%AF"
