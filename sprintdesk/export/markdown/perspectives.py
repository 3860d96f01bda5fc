"""The Markdown summary's "Perspectives" table of a board: notes and revealed votes per role,
per cluster, with the verdict."""

from __future__ import annotations

from sprintdesk.domain.perspectives import RoleCounts, VoteStatus
from sprintdesk.domain.summary import BoardSummary
from sprintdesk.export.markdown.text import escape


def _counts(counts: RoleCounts, empty: str) -> str:
    return f"{counts.total}: {counts.text()}" if counts.total else empty


def perspectives_markdown(board: BoardSummary) -> list[str]:
    """Lines of the section, or none for an empty board."""
    perspectives = board.perspectives
    if perspectives is None or not perspectives.board.notes.total:
        return []
    out = ["### Perspectives", "", "Notes and votes per role of their authors, per cluster.", ""]
    hidden = perspectives.vote_status is VoteStatus.HIDDEN
    if hidden:
        out += ["_The vote was not revealed, so its dots are left out._", ""]
    out += ["| Cluster | Notes by role | Votes by role | Verdict |", "|---|---|---|---|"]
    for row in perspectives.rows():
        title = escape(row.title) or "Untitled cluster"
        if row is perspectives.board or row is perspectives.loose:
            title = f"**{title}**"
        votes = _counts(row.votes, "not revealed" if hidden else "–")
        out.append(f"| {title} | {_counts(row.notes, '–')} | {votes} | {row.assessment.text()} |")
    out.append("")
    return out
