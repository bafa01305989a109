"""Statistical disclosure control for published counts of organisations.

A count of 1 or 2 could identify a business, so it is shown as "fewer than 3"
(primary suppression). Where a distribution's total is published, one suppressed cell
could be worked out by subtracting the others from the total, so the smallest other
non-zero cell is suppressed too (secondary suppression with the smallest complementary
cell). Zero is shown: it reveals nothing about any business.
"""

from dataclasses import dataclass

SUPPRESS_BELOW = 3


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int | None  # None when suppressed
    suppressed: bool
    share: float  # of the largest shown count, 0-100, for a bar


def distribution(rows, *, total_published=True):
    """[(key, label, count)] -> [Cell], with small counts and their complement hidden."""
    hidden = {key for key, _, count in rows if 0 < count < SUPPRESS_BELOW}
    if total_published and len(hidden) == 1:
        others = [(count, key) for key, _, count in rows if key not in hidden and count > 0]
        if others:
            hidden.add(min(others)[1])
    largest = max((c for k, _, c in rows if k not in hidden), default=0) or 1
    return [
        Cell(
            key=key,
            label=label,
            count=None if key in hidden else count,
            suppressed=key in hidden,
            share=0 if key in hidden else round(100 * count / largest, 1),
        )
        for key, label, count in rows
    ]
