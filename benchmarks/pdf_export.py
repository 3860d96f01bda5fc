"""PDF export speed: the facilitator summary of a big workshop (five-day agenda, 3 boards of
2,000 notes) against a plain ReportLab platypus document with the same paragraphs, built in
the same run; and a typical one-day workshop of about 200 notes.

    .venv/bin/python benchmarks/pdf_export.py [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate

from sprintdesk.domain.board import (
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    GAP,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    NoteColor,
)
from sprintdesk.domain.summary import (
    BoardSummary,
    ClusterSummary,
    DaySummary,
    ItemSummary,
    NoteSummary,
    PersonSummary,
    WorkshopSummary,
)
from sprintdesk.domain.workshop import ItemKind, Role
from sprintdesk.export.pdf import style as pdf_style
from sprintdesk.export.pdf.escaping import markup
from sprintdesk.export.pdf.handout import write_handout_pdf
from sprintdesk.export.pdf.summary import write_summary_pdf

COLORS = list(NoteColor)
WORDS = [
    *("how", "might", "we", "make", "checkout", "faster", "clearer"),
    *("safer", "kinder", "for", "people", "on", "slow", "phones"),
]


def board(index: int, notes: int, per_cluster: int = 20) -> BoardSummary:
    all_notes: list[NoteSummary] = []
    clusters: list[ClusterSummary] = []
    clustered = notes * 3 // 4
    width = 2 * CLUSTER_PADDING + 4 * NOTE_WIDTH + 3 * GAP + 40
    height = CLUSTER_TITLE_HEIGHT + 2 * CLUSTER_PADDING + 5 * (NOTE_HEIGHT + GAP) + 40
    for c in range(clustered // per_cluster):
        cx, cy = (c % 8) * width, (c // 8) * height
        title = f"Theme {c + 1}"
        members = []
        for i in range(per_cluster):
            n = c * per_cluster + i
            text = f"Note {n}: " + " ".join(WORDS[(n + k) % len(WORDS)] for k in range(9 + n % 8))
            x = cx + CLUSTER_PADDING + (i % 4) * (NOTE_WIDTH + GAP)
            y = cy + CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING + (i // 4) * (NOTE_HEIGHT + GAP)
            members.append(
                NoteSummary(text, COLORS[c % 8], x, y, "Ana", Role.UX, title, n % 4, int(n % 9 == 0))
            )
        all_notes += members
        dots = sum(m.dots for m in members)
        clusters.append(ClusterSummary(title, COLORS[c % 8], cx, cy, tuple(members), dots, 1))
    top = ((clustered // per_cluster) // 8 + 1) * height
    for n in range(len(all_notes), notes):
        text = f"Loose {n}: " + " ".join(WORDS[(n + k) % len(WORDS)] for k in range(6 + n % 10))
        x, y = (n % 30) * (NOTE_WIDTH + GAP), top + (n // 30) * (NOTE_HEIGHT + GAP)
        all_notes.append(NoteSummary(text, COLORS[n % 8], x, y, "Ben", Role.PM, "", n % 3))
    return BoardSummary(f"Board {index + 1}", tuple(all_notes), tuple(clusters), True, True)


def workshop(days: int, boards: int, notes: int) -> WorkshopSummary:
    agenda = []
    for d in range(days):
        start = dt.datetime(2026, 12, 7 + d, 9, 0)
        items = []
        for i in range(10):
            planned = 15 + 5 * (i % 4)
            actual = planned * 60 + (i - 5) * 40 if i < 8 else None
            items.append(
                ItemSummary(f"Day {d + 1} step {i + 1}", list(ItemKind)[i % 4], start, planned, actual)
            )
            start += dt.timedelta(minutes=planned)
        agenda.append(DaySummary(d, f"Day {d + 1}", dt.date(2026, 12, 7 + d), dt.time(9), tuple(items)))
    return WorkshopSummary(
        "Benchmark sprint",
        "Measure the export",
        dt.date(2026, 12, 7),
        dt.date(2026, 12, 7 + days - 1),
        "Ana",
        tuple(PersonSummary(f"Person {i}", Role.OTHER) for i in range(8)),
        tuple(agenda),
        tuple(board(b, notes) for b in range(boards)),
        dt.datetime(2026, 12, 11, 17, 0),
    )


def plain_platypus(summary: WorkshopSummary, target: Path) -> None:
    """The baseline: one Paragraph per agenda item, cluster title and note, no tables, no
    drawings, no page decorations, same font and escaping."""
    styles = pdf_style.stylesheet()
    story = [Paragraph(markup(summary.title), styles["h1"])]
    for day in summary.days:
        story += [Paragraph(markup(item.title), styles["cell"]) for item in day.items]
    for b in summary.boards:
        story.append(Paragraph(markup(b.name), styles["h1"]))
        story += [Paragraph(markup(c.title), styles["h3"]) for c in b.clusters]
        story += [Paragraph(markup(n.text), styles["note"]) for n in b.notes]
    SimpleDocTemplate(str(target), pagesize=A4).build(story)


def timed(action, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pdf_style.register_fonts()
    big = workshop(days=5, boards=3, notes=2000)
    typical = workshop(days=1, boards=2, notes=100)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        write_summary_pdf(typical, out / "warm.pdf")  # fonts parsed, modules warm
        plain_platypus(typical, out / "warm-plain.pdf")
        # alternating, so a busy moment of the machine hits both alike
        summary_times, plain_times = [], []
        for _ in range(args.runs):
            summary_times.append(timed(lambda: write_summary_pdf(big, out / "big.pdf"), 1))
            plain_times.append(timed(lambda: plain_platypus(big, out / "big-plain.pdf"), 1))
        big_s, big_plain = statistics.median(summary_times), statistics.median(plain_times)
        big_h = timed(lambda: write_handout_pdf(big, out / "big-handout.pdf"), args.runs)
        typical_s = timed(lambda: write_summary_pdf(typical, out / "typical.pdf"), args.runs)
        typical_h = timed(lambda: write_handout_pdf(typical, out / "typical-handout.pdf"), args.runs)
        from pypdf import PdfReader

        pages = len(PdfReader(out / "big.pdf").pages)
        plain_pages = len(PdfReader(out / "big-plain.pdf").pages)
    ratio = big_s / big_plain
    rows = [
        ("summary, 5 days + 3 x 2,000 notes", big_s, "<= 10 s", big_s <= 10),
        ("plain platypus, same paragraphs", big_plain, "", True),
        ("ratio summary / plain", ratio, "<= 1.5", ratio <= 1.5),
        ("handout, 5 days + 3 x 2,000 notes", big_h, "", True),
        ("summary, 1 day + 200 notes", typical_s, "<= 1.5 s", typical_s <= 1.5),
        ("handout, 1 day + 200 notes", typical_h, "", True),
    ]
    print(f"median of {args.runs} runs; big summary {pages} pages, plain {plain_pages} pages")
    for name, value, limit, met in rows:
        unit = "" if name.startswith("ratio") else " s"
        print(f"{name:<38} {value:8.3f}{unit:<2} {limit:>9}  {'MET' if met else 'MISSED' if limit else ''}")
    return 0 if all(met for *_, met in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
