"""What the benchmark scripts share for reporting: nearest-rank percentiles and plain-text
tables. Imported as ``_report`` (the scripts run as ``python benchmarks/NAME.py``)."""

from __future__ import annotations

import math


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: ``share`` 0.9 is p90, 0.99 is p99."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def table(rows: list[list[str]]) -> str:
    """A header row, a rule, then the rows; the first column left-aligned, the rest right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
