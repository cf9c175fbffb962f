"""Server-side bar charts as plain geometry for an SVG template (renders in WeasyPrint and HTML).

Each bar is labelled with its name on the left and its value at its end, and bars alternate a
solid fill with a hatched one, so the chart reads without colour and in black-and-white print.
"""

from __future__ import annotations

import math
from typing import Any

LABEL_WIDTH = 230
BAR_HEIGHT = 18
GAP = 6
VALUE_WIDTH = 40


def bar_chart(rows: list[tuple[str, int]], *, width: int = 600, title: str = "") -> dict[str, Any]:
    """Return the geometry of a horizontal bar chart of (label, value) rows."""
    top = 22 if title else 4
    scale = (width - LABEL_WIDTH - VALUE_WIDTH) / (max([v for _, v in rows] or [1]) or 1)
    bars = []
    for i, (label, value) in enumerate(rows):
        y = top + i * (BAR_HEIGHT + GAP)
        bars.append({"label": _clip(label), "value": value, "x": LABEL_WIDTH, "y": y,
                     "width": round(max(value * scale, 1 if value else 0), 1),
                     "height": BAR_HEIGHT, "text_y": y + BAR_HEIGHT - 5,
                     "hatched": i % 2 == 1})
    height = top + len(rows) * (BAR_HEIGHT + GAP) + 4
    return {"width": width, "height": height, "title": title, "label_x": LABEL_WIDTH - 6,
            "bars": bars}


def _clip(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


COLUMN_AREA = 150
AXIS_LABEL_SPACE = 30
#: Every text of a chart is at least this big (px), and a character this wide at most.
FONT_SIZE = 11
CHAR_WIDTH = 0.62 * FONT_SIZE


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH + 4


def column_chart(rows: list[tuple[str, int]], *, width: int = 600,
                 title: str = "") -> dict[str, Any]:
    """Return the geometry of a vertical bar chart (a trend): value above, label below each bar.

    Bars alternate solid and hatched like bar_chart; with many bars only every n-th label is
    written (so that labels never overlap), and a value only where it fits its slot: the data
    table beside the chart has them all.
    """
    top = 22 if title else 4
    slot = (width - 10) / max(len(rows), 1)
    bar = max(min(slot * 0.7, 48), 2)
    scale = COLUMN_AREA / (max([v for _, v in rows] or [1]) or 1)
    widest = max([_text_width(label) for label, _v in rows] or [0])
    every = max(1, math.ceil(widest / slot))
    base = top + 14 + COLUMN_AREA
    columns = []
    for i, (label, value) in enumerate(rows):
        height = round(max(value * scale, 1 if value else 0), 1)
        x = round(5 + i * slot + (slot - bar) / 2, 1)
        columns.append({"label": label if i % every == 0 else "", "value": value, "x": x,
                        "y": round(base - height, 1), "width": round(bar, 1), "height": height,
                        "center": round(x + bar / 2, 1), "value_y": round(base - height - 3, 1),
                        "hatched": i % 2 == 1, "show_value": _text_width(str(value)) <= slot})
    return {"width": width, "height": base + AXIS_LABEL_SPACE, "title": title, "base": base,
            "label_y": base + 14, "columns": columns}
