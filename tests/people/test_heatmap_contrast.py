"""Every band of the heatmap's colour scale keeps its text readable: a contrast ratio of
at least 4.5:1 (WCAG 1.4.3) between each band's text and background, as the stylesheet
sets them. axe found the darkest bands failing; this reads the rules themselves."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css").read_text()
INK = re.search(r"--ink:\s*(#[0-9a-fA-F]{6})", CSS).group(1)


def luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def expand(colour):
    colour = {"#fff": "#ffffff", "var(--ink)": INK}.get(colour, colour)
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", colour), colour
    return colour


BANDS = re.findall(r"\.heat--(\w+) \{ background: ([^;]+);(?: color: ([^;]+);)? \}", CSS)


def test_the_stylesheet_defines_every_band():
    assert {name for name, _bg, _fg in BANDS} == {"none", "0", "1", "2", "3", "4"}


@pytest.mark.parametrize(("band", "background", "text"), BANDS)
def test_each_band_has_readable_text(band, background, text):
    ratio = contrast(expand(background), expand(text or "var(--ink)"))
    assert ratio >= 4.5, f".heat--{band}: {ratio:.2f}:1"
