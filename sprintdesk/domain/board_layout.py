"""Where a new cluster frame goes so that it does not cover another cluster."""

from __future__ import annotations

from collections.abc import Sequence

from sprintdesk.domain.board import GAP, Cluster, Note, cluster_size

Rect = tuple[float, float, float, float]  # left, top, right, bottom


def cluster_rects(clusters: Sequence[Cluster], notes: Sequence[Note]) -> list[Rect]:
    """The frames of ``clusters`` as drawn: sized by how many notes each one holds."""
    counts: dict[int | None, int] = {}
    for note in notes:
        counts[note.cluster_id] = counts.get(note.cluster_id, 0) + 1
    rects = []
    for cluster in clusters:
        width, height = cluster_size(counts.get(cluster.id, 0))
        rects.append((cluster.x, cluster.y, cluster.x + width, cluster.y + height))
    return rects


def _overlap(a: Rect, b: Rect) -> bool:
    """True when the two rectangles come closer than GAP to each other."""
    return a[0] < b[2] + GAP and b[0] < a[2] + GAP and a[1] < b[3] + GAP and b[1] < a[3] + GAP


def free_cluster_origin(
    origin: tuple[float, float], size: tuple[float, float], taken: Sequence[Rect]
) -> tuple[float, float]:
    """``origin`` when a frame of ``size`` fits there; else the first place to its right, on the
    same row, that keeps GAP clear of every rectangle in ``taken``. Each step moves past the
    rectangle in the way, so the search ends after at most ``len(taken)`` steps."""
    x, y = origin
    width, height = size
    for _ in range(len(taken) + 1):
        frame = (x, y, x + width, y + height)
        blocking = [rect for rect in taken if _overlap(frame, rect)]
        if not blocking:
            break
        x = max(rect[2] for rect in blocking) + GAP
    return x, y
