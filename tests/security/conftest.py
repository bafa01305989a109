from tests.security.stats import STATS, summary_lines


def pytest_terminal_summary(terminalreporter):
    if not STATS["inputs tried"] and STATS["recovery after database outage (s)"] is None:
        return
    terminalreporter.section("security and reliability summary")
    for line in summary_lines():
        terminalreporter.write_line(line)
