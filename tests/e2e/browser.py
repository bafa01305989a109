"""Helpers for the browser tests: launching Debian's Chromium, keyboard and focus checks,
email links, and the axe-core / Nu HTML Checker / screenshot audit of each page."""

import io
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from django.core import mail
from PIL import Image
from playwright.sync_api import Page, Response

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Never `playwright install`: it downloads a browser build of its own. These flags keep
# Debian's Chromium quiet, offline and able to run as root in CI.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (320, 375, 1280)
# WCAG 1.4.10 reflow: at 320 CSS px nothing may make the page scroll sideways.
REFLOW_WIDTH = 320
DESKTOP = {"width": 1280, "height": 900}


def png_bytes(size=(240, 240), colour="#00505c"):
    """A real PNG image, made with Pillow."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


# Requests for map tiles that the browser tests answered (the tile server is never asked).
TILE_REQUESTS = []
_TILE = png_bytes((256, 256), "#d8e4d0")


def offline_route(route):
    """Answer a request for a map tile with a plain local tile; refuse anything else that
    would leave the machine."""
    url = route.request.url
    if "tile.openstreetmap.org" in url:
        TILE_REQUESTS.append(url)
        route.fulfill(status=200, content_type="image/png", body=_TILE)
    else:
        route.abort()


_LINK = re.compile(r"https?://[^/\s]+(/link/\?t=[A-Za-z0-9]+)")


def emailed_link(to, *, subject_contains=""):
    """The path of the signed link in the newest email to `to`. The live server runs in
    this process, so Django's locmem outbox sees what it sends."""
    for message in reversed(mail.outbox):
        if to in message.to and subject_contains in message.subject:
            found = _LINK.search(message.body)
            assert found, f"no link in email {message.subject!r}"
            return found.group(1)
    raise AssertionError(f"no email to {to}; sent: {[(m.to, m.subject) for m in mail.outbox]}")


# --- Keyboard and focus ------------------------------------------------------------

# Reads the focused element and whether it shows a focus indicator: its outline,
# box-shadow or background must differ from an unfocused copy of itself, placed beside
# it so that the same selectors apply. A colour change alone does not count.
_ID_JS = """
  // A stable identity for each element, kept outside the DOM.
  const ids = (window.__e2eIds = window.__e2eIds || new WeakMap());
  const e2eId = (el) => {
    if (!ids.has(el)) ids.set(el, "e" + (window.__e2eNext = (window.__e2eNext || 0) + 1));
    return ids.get(el);
  };
"""
_FOCUS_JS = (
    """
() => {"""
    + _ID_JS
    + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const props = ["outline-style", "outline-width", "outline-color", "outline-offset",
                 "box-shadow", "background-color", "background-image"];
  const read = (style) => Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]));
  const focused = read(getComputedStyle(el));
  const copy = el.cloneNode(false);
  // A copy in the same radio group would uncheck the original.
  if ("name" in copy) copy.name = "";
  el.after(copy);
  const plain = read(getComputedStyle(copy));
  copy.remove();
  const outlineShows = (s) => s["outline-style"] !== "none" && parseFloat(s["outline-width"]) > 0
    && !/rgba\\([^)]*,\\s*0\\)|transparent/.test(s["outline-color"]);
  const indicator = [];
  if (outlineShows(focused) && (!outlineShows(plain) ||
      focused["outline-color"] !== plain["outline-color"] ||
      focused["outline-width"] !== plain["outline-width"])) indicator.push("outline");
  if (focused["box-shadow"] !== plain["box-shadow"] && focused["box-shadow"] !== "none")
    indicator.push("box-shadow");
  if (focused["background-color"] !== plain["background-color"]) indicator.push("background");
  const r = el.getBoundingClientRect();
  const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
    && r.top < window.innerHeight && r.left < window.innerWidth;
  const label = (el.getAttribute("aria-label") || el.labels?.[0]?.innerText
    || el.innerText || el.value || el.name || "").trim().slice(0, 60);
  return {
    tag: el.tagName.toLowerCase(), type: el.type || "", id: el.id, name: el.name || "",
    label, href: el.getAttribute("href") || "", indicator, onScreen,
    key: e2eId(el),
  };
}
"""
)


@dataclass
class Focused:
    tag: str
    type: str
    id: str
    name: str
    label: str
    href: str
    indicator: list
    onScreen: bool
    key: str

    def __str__(self):
        return f"<{self.tag} id={self.id!r} name={self.name!r} href={self.href!r}> {self.label!r}"


def focused(page: Page):
    data = page.evaluate(_FOCUS_JS)
    return Focused(**data) if data else None


def assert_focus_visible(page: Page):
    """The focused element is on screen and shows a focus indicator."""
    now = focused(page)
    assert now is not None, "nothing has focus"
    assert now.onScreen, f"focused element is off screen: {now}"
    assert now.indicator, f"no visible focus indicator on {now}"
    return now


def tab_to(page: Page, matches, *, backwards=False, max_steps=120):
    """Press Tab (or Shift+Tab) until `matches(Focused)` is true, checking at every step
    that focus moved on and is visible. Fails if focus stops moving (a trap) or the
    target is not reached within max_steps."""
    key = "Shift+Tab" if backwards else "Tab"
    previous = focused(page)
    for _ in range(max_steps):
        page.keyboard.press(key)
        now = assert_focus_visible(page)
        assert previous is None or now.key != previous.key, f"focus stuck on {now}"
        if matches(now):
            return now
        previous = now
    raise AssertionError(f"did not reach the target with {key} in {max_steps} steps")


def by_label(text):
    return lambda f: text.lower() in f.label.lower()


def by_id(element_id):
    return lambda f: f.id == element_id


def assert_tab_order_is_not_trapped(page: Page):
    """Tab from the top reaches the last focusable element, and Shift+Tab from there
    reaches the first: nothing on the page holds focus."""
    ends = page.evaluate(
        """() => {"""
        + _ID_JS
        + """
          const all = [...document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')]
            .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length
                    && getComputedStyle(el).visibility !== 'hidden');
          return {count: all.length, first: e2eId(all[0]), last: e2eId(all[all.length - 1])};
        }"""
    )
    steps = ends["count"] + 2
    tab_to(page, lambda f: f.key == ends["last"], max_steps=steps)
    tab_to(page, lambda f: f.key == ends["first"], backwards=True, max_steps=steps)


# --- The audit: axe-core, saved HTML for the Nu HTML Checker, screenshots --------------


@dataclass
class Audit:
    """Collects, page by page, axe violations, the served HTML and screenshots."""

    pages: list = field(default_factory=list)
    violations: dict = field(default_factory=dict)
    html_files: dict = field(default_factory=dict)
    html_errors: dict = field(default_factory=dict)
    screenshots: list = field(default_factory=list)
    reflow: dict = field(default_factory=dict)  # page name -> what scrolls sideways

    def check(
        self, page: Page, name: str, response: Response | None, *, public=True, screenshot=None
    ):
        """Run axe on the page as shown at each width (one page load, resized), check that
        it reflows at 320 px and that no table is cut off at 1280 px, take screenshots of
        public pages (and of a staff page given `screenshot=True`) and keep the HTML the
        server sent for the Nu HTML Checker."""
        screenshot = public if screenshot is None else screenshot
        assert name not in self.pages, f"page {name!r} audited twice"
        self.pages.append(name)
        found = []
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            found += [dict(v, width=width) for v in run_axe(page)]
            problems = overflow(page, tables=width == WIDTHS[-1], page_scroll=width == REFLOW_WIDTH)
            if problems:
                self.reflow.setdefault(name, []).extend(f"[{width}px] {p}" for p in problems)
            if screenshot:
                path = SCREENSHOTS / f"{name}-{width}.png"
                page.screenshot(path=path, full_page=True)
                self.screenshots.append(path)
        page.set_viewport_size(DESKTOP)
        unique = {}
        for violation in found:
            for node in violation["nodes"]:
                unique.setdefault((violation["id"], node), violation)
        self.violations[name] = [
            {**v, "node": node, "url": page.url} for (_, node), v in unique.items()
        ]
        if public:
            assert response is not None, f"{name}: no response to validate"
            html = SCREENSHOTS / "html" / f"{name}.html"
            html.parent.mkdir(parents=True, exist_ok=True)
            html.write_bytes(response.body())
            self.html_files[name] = html

    def validate_html(self):
        """Run the Nu HTML Checker once over every saved page (Java starts slowly)."""
        if not self.html_files:
            return
        # A page with a known error proves the checker really ran and reads our files.
        canary = SCREENSHOTS / "html" / "_canary.html"
        canary.write_text('<!doctype html><html lang="en"><title>x</title><p><div></span>')
        files = {**self.html_files, "_canary": canary}
        by_path = {str(path.resolve()): name for name, path in files.items()}
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]  # noqa: S607
            + [str(p) for p in files.values()],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert result.returncode in (0, 1), result.stderr
        canary_errors = 0
        for message in json.loads(result.stdout)["messages"]:
            if message["type"] == "error" or message.get("subType") == "fatal":
                path = urlparse(message.get("url", "")).path  # vnu writes file:/abs/path
                name = by_path.get(path, message.get("url", "?"))
                if name == "_canary":
                    canary_errors += 1
                else:
                    self.html_errors.setdefault(name, []).append(message)
        canary.unlink()
        assert canary_errors, "the Nu HTML Checker found nothing wrong with a broken page"

    def reflow_count(self):
        return sum(len(v) for v in self.reflow.values())

    def violation_count(self):
        return sum(len(v) for v in self.violations.values())

    def html_error_count(self):
        return sum(len(v) for v in self.html_errors.values())

    def report(self):
        lines = []
        for name, violations in self.violations.items():
            for v in violations:
                lines.append(
                    f"AXE {name} [{v['width']}px] {v['id']} ({v['impact']}): {v['help']}\n"
                    f"    target: {v['node']}\n    page: {v['url']}\n    help: {v['helpUrl']}"
                )
        for name, problems in self.reflow.items():
            for problem in problems:
                lines.append(f"REFLOW {name} {problem}")
        for name, errors in self.html_errors.items():
            for e in errors:
                lines.append(
                    f"HTML {name} line {e.get('lastLine')}: {e['message']}\n"
                    f"    near: {e.get('extract', '').strip()!r}"
                )
        return "\n".join(lines)


_OVERFLOW_JS = """(tables) => {
  const vw = document.documentElement.clientWidth;
  const found = [];
  const sw = document.documentElement.scrollWidth;
  if (sw > vw) {
    // Name the widest elements that reach past the viewport and are not inside a
    // scrolling region of their own, to say what to fix.
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= vw + 1 || r.width === 0) continue;
      let p = el.parentElement, inside = false;
      for (; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') { inside = true; break; }
      }
      const what = `${el.tagName.toLowerCase()}.${el.className}`;
      if (!inside) culprits.push(`${what} (${Math.round(r.right)}px)`);
    }
    found.push(`page is ${sw}px wide in a ${vw}px viewport: ${culprits.slice(-3).join(', ')}`);
  }
  if (tables) {
    for (const region of document.querySelectorAll('.table-scroll, .table-wrap')) {
      if (region.scrollWidth > region.clientWidth + 1) {
        const label = region.getAttribute('aria-labelledby') || region.className;
        found.push(`table ${label} is cut off: ${region.scrollWidth}px in ${region.clientWidth}px`);
      }
    }
  }
  return found;
}"""


def overflow(page: Page, *, page_scroll=True, tables=False):
    """What makes the page scroll sideways (WCAG 1.4.10), and, with tables, any table
    wider than its scrolling region: a list of descriptions, empty when all is well."""
    found = page.evaluate(_OVERFLOW_JS, tables)
    return found if page_scroll else [f for f in found if not f.startswith("page is")]


def assert_reflow_check_works(page: Page):
    """The reflow check finds a page too wide for 320 px: proves it can fail."""
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 900})
    page.set_content(
        '<!doctype html><html lang="en"><title>x</title><main>'
        '<div style="width: 600px">wide</div>'
        '<div class="table-scroll"><table><tr>'
        '<td style="min-width: 900px">t</td></tr></table></div>'
        "</main>"
    )
    assert overflow(page), "the reflow check missed a 600px-wide element at 320px"
    assert any("cut off" in f for f in overflow(page, page_scroll=False, tables=True))
    page.set_viewport_size(DESKTOP)


def assert_axe_works(page: Page):
    """axe-core finds a known problem: proves the audit can fail."""
    page.set_content('<!doctype html><html lang="en"><title>x</title><main><input></main>')
    assert "label" in {v["id"] for v in run_axe(page)}, "axe-core missed an unlabelled input"


def run_axe(page: Page):
    """axe-core's WCAG 2.2 AA violations on the page: a list of dicts with id, impact,
    help, helpUrl and the target selector of each failing node."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
          const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                             resultTypes: ['violations']});
          return r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
            helpUrl: v.helpUrl, nodes: v.nodes.map((n) => n.target.join(' '))}));
        }""",
        AXE_TAGS,
    )
    return result


# What the whole run checked, printed at the end by conftest.pytest_terminal_summary.
SUMMARY = {
    "pages": [],
    "axe_violations": 0,
    "html_pages": 0,
    "html_errors": 0,
    "screenshots": 0,
    "reflow_problems": 0,
}


def record(audit: Audit):
    SUMMARY["pages"] += audit.pages
    SUMMARY["axe_violations"] += audit.violation_count()
    SUMMARY["html_pages"] += len(audit.html_files)
    SUMMARY["html_errors"] += audit.html_error_count()
    SUMMARY["screenshots"] += len(audit.screenshots)
    SUMMARY["reflow_problems"] += audit.reflow_count()
