"""The brand itself: colours, type and how to use the logo. The toolkit page (/brand/)
shows them, and guidelines_pdf() writes them, with the key messages and key facts, into
the brand guidelines PDF (/brand/guidelines.pdf), so the two always say the same.

The colours are the stylesheet's own (static/css/portal.css; a test keeps them equal).
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from fpdf import FPDF

NAME = "Newcastle Gateshead Tech"
LOGO = Path(settings.BASE_DIR) / "static" / "img" / "logo.svg"


def luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    """WCAG's contrast ratio between two colours, such as 4.5 for 4.5:1."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class Colour:
    name: str
    hex: str
    css: str  # the stylesheet's custom property
    use: str

    @property
    def rgb(self):
        return tuple(int(self.hex[i : i + 2], 16) for i in (1, 3, 5))

    @property
    def on_white(self):
        return contrast(self.hex, "#ffffff")

    @property
    def text_colour(self):
        """White or ink: whichever reads better on this colour."""
        return (
            "#ffffff"
            if contrast(self.hex, "#ffffff") >= contrast(self.hex, "#142033")
            else ("#142033")
        )


COLOURS = [
    Colour(
        "Tyne teal", "#00505c", "--brand", "Our main colour: the header, buttons, the logo's tile."
    ),
    Colour("Deep teal", "#003840", "--brand-dark", "Hover states and text on light teal."),
    Colour(
        "Quayside gold",
        "#f2b134",
        "--accent",
        "Accents only: rules, the bridge arch. Never for text on white.",
    ),
    Colour("Ink", "#142033", "--ink", "Body text and headings."),
    Colour("Link blue", "#00577a", "--link", "Links."),
    Colour("Light teal", "#e6f1f2", "--brand-tint", "Backgrounds of panels and notes."),
]

TYPE = [
    (
        "Typeface",
        "The reader's own system font: system-ui, then Segoe UI, Roboto, Helvetica Neue "
        "and Arial. Nothing to download, and it reads well on every device.",
    ),
    ("Headings", "Bold, in sentence case. Page titles 28 to 44 px, section headings 22 to 30 px."),
    (
        "Body text",
        "17 px with a line height of 1.55; never smaller than 15 px. Lines of no "
        "more than about 70 characters.",
    ),
    ("Figures", "Key figures extra bold in Tyne teal, always with their source and date."),
]

LOGO_RULES = [
    "Use the logo as supplied: the bridge mark on its teal tile, beside the name "
    "\u2018Newcastle Gateshead Tech\u2019 with \u2018Tech\u2019 in gold on dark backgrounds.",
    "Keep clear space around it at least the height of the \u2018T\u2019 in \u2018Tech\u2019.",
    "Do not show the mark smaller than 24 px (8 mm in print).",
    "Do not stretch, recolour, rotate or outline it, or place it on a busy photograph.",
    "Beside partner logos, align it to the same height as theirs, with the clear space between.",
]

VOICE = [
    "Plain English: short sentences, everyday words, active verbs.",
    "Say what the region has and what it offers, with figures and their sources.",
    "Name the businesses, people and places: Newcastle and Gateshead, not \u2018the area\u2019.",
]


# --- The PDF ------------------------------------------------------------------------

# Liberation Sans, embedded (only the glyphs used): Helvetica's metrics, so the layout is
# Helvetica's, and Latin, Greek and Cyrillic text as it was typed (a name such as
# "Łukasz", a euro sign, typographic quotes), which PDF's built-in Helvetica, limited to
# Latin-1, would turn into question marks. Licence: fonts/OFL.txt.
FONT = "liberation-sans"
_FONTS = Path(__file__).resolve().parent / "fonts"


class BrandedDocument(FPDF):
    """A PDF in the brand: a teal and gold band with `document_title` on every page after
    the cover, page numbers, and headings, paragraphs and bullets in the brand's type.
    The brand guidelines and the sector profile (apps.strategy.invest) are made with it."""

    document_title = "brand guidelines"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_font(FONT, "", _FONTS / "LiberationSans-Regular.ttf")
        self.add_font(FONT, "B", _FONTS / "LiberationSans-Bold.ttf")

    def header(self):
        if self.page_no() == 1:
            return
        self.set_fill_color(*COLOURS[0].rgb)
        self.rect(0, 0, self.w, 12, "F")
        self.set_fill_color(*COLOURS[2].rgb)
        self.rect(0, 12, self.w, 1.5, "F")
        self.set_xy(self.l_margin, 3)
        self.set_font(FONT, "B", 10)
        self.set_text_color(255, 255, 255)
        self.cell(0, 6, f"{NAME}: {self.document_title}")
        self.set_y(22)

    def cover(self, title, subtitle, note):
        """A full-page teal cover with the logo, the title and a note (such as when it
        was made)."""
        self.add_page()
        self.set_fill_color(*COLOURS[0].rgb)
        self.rect(0, 0, self.w, self.h, "F")
        self.set_fill_color(*COLOURS[2].rgb)
        self.rect(0, 190, self.w, 4, "F")
        self.image(str(LOGO), x=20, y=40, w=48)
        self.set_xy(20, 110)
        self.set_text_color(255, 255, 255)
        self.set_font(FONT, "B", 34)
        self.multi_cell(0, 15, title, new_x="LMARGIN", new_y="NEXT")
        self.set_x(20)
        self.set_font(FONT, "", 20)
        self.multi_cell(0, 10, subtitle, new_x="LMARGIN", new_y="NEXT")
        self.set_xy(20, 205)
        self.set_font(FONT, "", 12)
        self.multi_cell(0, 6, note, new_x="LMARGIN", new_y="NEXT")

    def footer(self):
        self.set_y(-14)
        self.set_font(FONT, "", 9)
        self.set_text_color(74, 85, 104)
        self.cell(0, 6, f"Page {self.page_no()}", align="R")

    def heading(self, text, size=18):
        self.set_font(FONT, "B", size)
        self.set_text_color(*COLOURS[0].rgb)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def paragraph(self, text, *, size=11, bold=False):
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*COLOURS[3].rgb)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def bullets(self, items):
        for item in items:
            self.set_font(FONT, "", 11)
            self.set_text_color(*COLOURS[3].rgb)
            self.set_x(self.l_margin)
            self.cell(6, 5.5, "-")
            self.multi_cell(0, 5.5, item, new_x="LMARGIN", new_y="NEXT")
            self.ln(1)


def guidelines_pdf(*, messages, facts, today=None):
    """The brand guidelines as PDF bytes: cover, logo, colours, type and voice, key
    messages and key facts (any objects with title/body and figure/statement/source/as_of)."""
    today = today or timezone.localdate()
    pdf = BrandedDocument(format="A4")
    pdf.set_title(f"{NAME}: brand guidelines")
    pdf.set_author(NAME)
    pdf.set_subject("Colours, type, logo use, key messages and key facts")
    pdf.set_creation_date(datetime.datetime.combine(today, datetime.time(), datetime.UTC))
    pdf.set_auto_page_break(auto=True, margin=18)

    pdf.cover(
        NAME,
        "Brand guidelines",
        f"Colours, type, logo use, key messages and key facts. Made {today:%-d %B %Y} "
        "from the brand toolkit at /brand/, which always has the latest version.",
    )

    # Logo
    pdf.add_page()
    pdf.heading("The logo")
    y = pdf.get_y()
    pdf.set_fill_color(255, 255, 255)
    pdf.image(str(LOGO), x=pdf.l_margin, y=y, w=30)
    pdf.set_fill_color(*COLOURS[0].rgb)
    pdf.rect(pdf.l_margin + 40, y, 80, 30, "F")
    pdf.image(str(LOGO), x=pdf.l_margin + 45, y=y + 5, w=20)
    pdf.set_xy(pdf.l_margin + 68, y + 11)
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(255, 255, 255)
    pdf.cell(22, 8, "Newcastle Gateshead ")
    pdf.set_text_color(*COLOURS[2].rgb)
    pdf.set_xy(pdf.l_margin + 68, y + 17)
    pdf.cell(20, 8, "Tech")
    pdf.set_y(y + 38)
    pdf.bullets(LOGO_RULES)

    # Colours
    pdf.ln(4)
    pdf.heading("Colours")
    pdf.paragraph("Text must keep a contrast of at least 4.5:1 with its background (WCAG 2.2 AA).")
    for colour in COLOURS:
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_fill_color(*colour.rgb)
        pdf.set_draw_color(177, 185, 196)
        pdf.rect(pdf.l_margin, y, 28, 18, "DF")
        pdf.set_text_color(*(int(colour.text_colour[i : i + 2], 16) for i in (1, 3, 5)))
        pdf.set_font(FONT, "B", 9)
        pdf.set_xy(pdf.l_margin + 2, y + 6)
        pdf.cell(24, 6, "Aa", align="C")
        pdf.set_xy(pdf.l_margin + 32, y)
        pdf.set_text_color(*COLOURS[3].rgb)
        pdf.set_font(FONT, "B", 11)
        pdf.cell(0, 5.5, f"{colour.name}  {colour.hex.upper()}", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, "", 10)
        r, g, b = colour.rgb
        pdf.cell(
            0,
            5,
            f"RGB {r} {g} {b}. Contrast with white {colour.on_white:.1f}:1.",
            new_x="LEFT",
            new_y="NEXT",
        )
        pdf.multi_cell(0, 5, colour.use, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), y + 18) + 4)

    # Type and voice
    pdf.add_page()
    pdf.heading("Type")
    for title, text in TYPE:
        pdf.paragraph(title, bold=True)
        pdf.paragraph(text)
    pdf.heading("Tone of voice")
    pdf.bullets(VOICE)

    # Key messages
    pdf.ln(2)
    pdf.heading("Key messages")
    pdf.paragraph("Use them as they are, or in your own words.")
    for number, message in enumerate(messages, start=1):
        pdf.paragraph(f"{number}. {message.title}", size=12, bold=True)
        pdf.paragraph(message.body)

    # Key facts
    if facts:
        pdf.add_page()
        pdf.heading("Key facts")
        pdf.paragraph("Quote each figure with its source and date.")
        for fact in facts:
            pdf.set_font(FONT, "B", 20)
            pdf.set_text_color(*COLOURS[0].rgb)
            pdf.multi_cell(0, 9, fact.figure, new_x="LMARGIN", new_y="NEXT")
            pdf.paragraph(fact.statement)
            pdf.set_font(FONT, "", 9)
            pdf.set_text_color(74, 85, 104)
            pdf.multi_cell(
                0,
                4.5,
                f"Source: {fact.source}, as of {fact.as_of:%B %Y}.",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            pdf.ln(4)

    out = io.BytesIO()
    pdf.output(out)
    return out.getvalue()
