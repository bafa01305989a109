"""Illustrations drawn with Pillow for the demo's stories and photography, so the demo
ships no photos yet shows a picture made for each story: `scene(motif=...)` draws a
16:9 scene (a sky, the river, and the motif's subject). apps.core.demodata's `!image`
tag uses it with `style: scene`.
"""

import io
import math

from PIL import Image, ImageDraw, ImageFont

W, H = 1280, 720
GOLD, WHITE, INK = "#f2b134", "#ffffff", "#142033"


def _rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _gradient(draw, top, bottom, y0=0, y1=H):
    a, b = _rgb(top), _rgb(bottom)
    for y in range(y0, y1):
        t = (y - y0) / max(1, y1 - y0 - 1)
        draw.line([(0, y), (W, y)], fill=tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3)))


def _river(draw, y, colour="#0d3b4f", glints=GOLD):
    draw.rectangle((0, y, W, H), fill=colour)
    for n in range(14):
        x = (n * 197) % (W - 160) + 40
        draw.line([(x, y + 25 + n * 9), (x + 60 + n * 7, y + 25 + n * 9)], fill=glints, width=3)


def _skyline(draw, base, colour, lights=None, seed=3):
    x = 0
    while x < W:
        width = 50 + (seed * x) % 70
        height = 90 + (seed * 7 * x) % 190
        draw.rectangle((x, base - height, x + width, base), fill=colour)
        if lights:
            for wy in range(base - height + 14, base - 12, 26):
                for wx in range(x + 10, x + width - 12, 18):
                    if (wx * wy + seed) % 3:
                        draw.rectangle((wx, wy, wx + 7, wy + 10), fill=lights)
        x += width + 6


def _bridges(draw):
    _gradient(draw, "#2b1d5c", "#f29e4c", 0, 500)
    draw.ellipse((880, 300, 1040, 460), fill="#ffd27a")
    _skyline(draw, 500, "#241a3f", lights="#ffcf70", seed=5)
    _river(draw, 500, "#1d2a4a")
    # The Tyne Bridge: a steel arch carrying the deck, with hangers.
    draw.arc((160, 170, 1120, 830), 198, 342, fill="#3d8c5c", width=26)
    draw.rectangle((120, 420, 1160, 438), fill="#2a2a3a")
    for x in range(260, 1040, 52):
        top = 500 - math.sqrt(max(0, 1 - ((x - 640) / 480) ** 2)) * 330
        if top < 420:
            draw.line([(x, top + 8), (x, 420)], fill="#3d8c5c", width=5)
    for x in (120, 1100):
        draw.rectangle((x, 340, x + 60, 520), fill="#8a7f72")
    # The Millennium Bridge's tilted arc, low on the right.
    draw.arc((860, 520, 1260, 700), 190, 350, fill=WHITE, width=8)


def _ledger(draw):
    _gradient(draw, "#0e1f4d", "#2a4d9b", 0, 560)
    _skyline(draw, 560, "#0b1736", lights="#ffe08a", seed=7)
    _river(draw, 560)
    for n, h in enumerate((90, 140, 200, 260, 340)):
        x = 700 + n * 100
        draw.rectangle((x, 520 - h, x + 70, 520), fill=GOLD, outline=WHITE, width=3)
    draw.line([(690, 440), (760, 380), (880, 330), (980, 260), (1180, 150)], fill=WHITE, width=8)
    draw.polygon([(1180, 150), (1140, 150), (1175, 185)], fill=WHITE)


def _code(draw):
    _gradient(draw, "#4b2466", "#7b3f98")
    draw.rounded_rectangle((240, 110, 1040, 560), radius=24, fill="#1b1030", outline=WHITE, width=6)
    draw.polygon([(160, 600), (1120, 600), (1040, 560), (240, 560)], fill="#d9cfe6")
    colours = [GOLD, "#7fd1c7", "#f58ab0", WHITE, "#a5b4fc"]
    for row in range(11):
        indent = (row % 4) * 40
        length = 140 + (row * 113) % 420
        y = 150 + row * 36
        draw.rounded_rectangle(
            (290 + indent, y, 290 + indent + length, y + 16), 8, fill=colours[row % 5]
        )
    font = ImageFont.load_default(size=120)
    draw.text((1010, 600), "</>", fill=GOLD, font=font, anchor="mm")


def _warehouse(draw):
    _gradient(draw, "#f7c873", "#d9662b", 0, 600)
    draw.rectangle((0, 600, W, H), fill="#5a3a2a")
    draw.rectangle((200, 180, 1080, 600), fill="#9c4a2f")
    draw.polygon([(180, 190), (640, 70), (1100, 190)], fill="#6e3322")
    draw.rectangle((960, 40, 1020, 150), fill="#6e3322")
    for row in range(3):
        for col in range(8):
            x, y = 250 + col * 105, 230 + row * 120
            draw.rectangle((x, y + 20, x + 60, y + 90), fill="#ffd98a")
            draw.pieslice((x, y, x + 60, y + 40), 180, 360, fill="#ffd98a")
            draw.line([(x + 30, y + 5), (x + 30, y + 90)], fill="#6e3322", width=4)
    draw.rectangle((590, 500, 690, 600), fill="#3b2418")


def _health(draw):
    _gradient(draw, "#0f4d2a", "#1c6b3a")
    for n in range(40):
        x, y = (n * 173) % W, (n * 97) % H
        draw.ellipse((x, y, x + 10, y + 10), fill="#2e8b57")
    cx, cy = 640, 330
    draw.ellipse((cx - 230, cy - 170, cx + 10, cy + 70), fill="#e4572e")
    draw.ellipse((cx - 10, cy - 170, cx + 230, cy + 70), fill="#e4572e")
    draw.polygon([(cx - 222, cy - 20), (cx + 222, cy - 20), (cx, cy + 250)], fill="#e4572e")
    points = [(80, 620), (420, 620), (470, 540), (530, 690), (590, 470), (650, 620), (1200, 620)]
    draw.line(points, fill=WHITE, width=10, joint="curve")


def _growth(draw):
    _gradient(draw, "#00505c", "#003840")
    for y in range(120, 660, 90):
        draw.line([(120, y), (1180, y)], fill="#1f6b75", width=2)
    for x in range(120, 1200, 150):
        draw.line([(x, 100), (x, 640)], fill="#1f6b75", width=2)
    points = [
        (120, 600),
        (270, 570),
        (420, 540),
        (570, 470),
        (720, 430),
        (870, 330),
        (1020, 250),
        (1150, 150),
    ]
    draw.line(points, fill=GOLD, width=12, joint="curve")
    for x, y in points:
        draw.ellipse((x - 14, y - 14, x + 14, y + 14), fill=WHITE)
    font = ImageFont.load_default(size=110)
    draw.text((300, 230), "+30%", fill=WHITE, font=font, anchor="mm")


def _battery(draw):
    _gradient(draw, "#7fc8f8", "#d6f0ff", 0, 560)
    _skyline(draw, 560, "#6b7c93", seed=11)
    draw.rectangle((0, 560, W, H), fill="#4d6b3c")
    draw.rounded_rectangle((400, 190, 880, 470), radius=30, fill=WHITE, outline=INK, width=12)
    draw.rectangle((880, 270, 930, 390), fill=INK)
    for n in range(4):
        draw.rectangle((430 + n * 110, 220, 520 + n * 110, 440), fill="#1c9c5a")
    draw.polygon(
        [(660, 150), (560, 350), (640, 350), (600, 520), (740, 290), (660, 290)], fill=GOLD
    )


def _robot(draw):
    draw.rectangle((0, 0, W, H), fill="#2a0f1a")
    for n in range(9, 0, -1):
        r = n * 70
        shade = 40 + n * 14
        draw.ellipse((640 - r, 360 - r, 640 + r, 360 + r), fill=(shade, shade // 3, shade // 2))
    draw.polygon([(700, 420), (1280, 250), (1280, 600)], fill="#f6e3a1")
    draw.rounded_rectangle((430, 400, 720, 520), radius=20, fill="#8a1c3f", outline=WHITE, width=5)
    draw.rectangle((600, 350, 680, 410), fill="#d0d4dc")
    draw.ellipse((660, 360, 700, 400), fill=GOLD)
    for x in (420, 560):
        draw.rounded_rectangle((x, 510, x + 170, 560), radius=25, fill=INK)


def _cohort(draw):
    _gradient(draw, "#101935", "#3b2d6e")
    for n in range(60):
        x, y = (n * 211) % W, (n * 131) % H
        draw.ellipse((x, y, x + 4, y + 4), fill=WHITE)
    draw.ellipse((340, 160, 940, 560), outline="#8e7cc3", width=4)
    colours = [GOLD, "#7fd1c7", "#f58ab0", "#a5b4fc", "#ffd98a", "#9fe3a1", "#f4a261", WHITE]
    for n, colour in enumerate(colours):
        angle = n * math.tau / 8
        x, y = 640 + 300 * math.cos(angle), 360 + 200 * math.sin(angle)
        draw.ellipse((x - 34, y - 34, x + 34, y + 34), fill=colour)
    draw.polygon([(640, 220), (590, 420), (690, 420)], fill=WHITE)
    draw.polygon([(600, 460), (640, 420), (680, 460)], fill="#e4572e")


def _games(draw):
    _gradient(draw, "#4b2466", "#ef8354", 0, 520)
    for n in range(16):
        x = n * 80
        h = 40 + (n * 37) % 120
        draw.rectangle((x, 520 - h, x + 80, 520), fill="#2d6a4f")
    draw.rectangle((0, 520, W, H), fill="#1b4332")
    draw.rounded_rectangle((390, 250, 890, 470), radius=90, fill=INK)
    draw.rectangle((470, 345, 570, 375), fill=WHITE)
    draw.rectangle((505, 310, 535, 410), fill=WHITE)
    for x, y, colour in ((760, 320, GOLD), (810, 370, "#f58ab0"), (710, 370, "#7fd1c7")):
        draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=colour)


def _logo(draw):
    """The logo as static/img/logo.svg draws it (a 64-unit tile), scaled, with the name."""
    k, x0, y0 = 6, 110, 168  # 64 × 6 = 384 px
    draw.rounded_rectangle((x0, y0, x0 + 64 * k, y0 + 64 * k), radius=12 * k, fill="#00505c")
    draw.line([(x0 + 8 * k, y0 + 44 * k), (x0 + 56 * k, y0 + 44 * k)], fill=WHITE, width=4 * k)
    draw.arc((x0 + 12 * k, y0 + 27 * k, x0 + 52 * k, y0 + 61 * k), 180, 360, fill=GOLD, width=4 * k)
    for x, top in ((20, 35), (28, 31), (36, 31), (44, 35)):
        draw.line([(x0 + x * k, y0 + top * k), (x0 + x * k, y0 + 44 * k)], fill=WHITE, width=15)
    font = ImageFont.load_default(size=84)
    draw.text((560, 300), "Newcastle", fill="#00505c", font=font)
    draw.text((560, 390), "Gateshead", fill="#00505c", font=font)
    draw.text((560, 480), "Tech", fill="#a06d00", font=font)


MOTIFS = {
    "logo": _logo,
    "bridges": _bridges,
    "ledger": _ledger,
    "code": _code,
    "warehouse": _warehouse,
    "health": _health,
    "growth": _growth,
    "battery": _battery,
    "robot": _robot,
    "cohort": _cohort,
    "games": _games,
}


def scene(*, motif, format="PNG", **save):
    """One illustration, 1280 × 720, as image bytes in the given format."""
    img = Image.new("RGB", (W, H), WHITE)
    MOTIFS[motif](ImageDraw.Draw(img))
    out = io.BytesIO()
    if format == "JPEG":
        save.setdefault("quality", 85)
    img.save(out, format=format, optimize=True, **save)
    return out.getvalue()
