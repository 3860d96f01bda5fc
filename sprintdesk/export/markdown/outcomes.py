"""The decisions and action items of the Markdown summary (and "open from last time" for a
follow-up). User text goes through ``text.escape`` like everywhere else."""

from __future__ import annotations

from sprintdesk.domain.outcome_summary import OutcomeLine, OutcomesSummary
from sprintdesk.export.markdown.text import escape as _escape


def _source(line: OutcomeLine) -> str:
    if not line.source:
        return " "
    kind = line.source_kind or "board"
    return f"{kind}: {_escape(line.source)}"


def _action_row(line: OutcomeLine, last: str, status: str = "") -> str:
    status = status or line.status_text
    cells = [
        ("☐ " if line.status.value == "open" else "☑ ") + _escape(line.text),
        _escape(line.owner) or "_Nobody yet_",
        line.due_date.isoformat() if line.due_date else "–",
        f"**{status}**" if line.overdue else status,
        last,
    ]
    return "| " + " | ".join(cells) + " |"


def outcomes_markdown(outcomes: OutcomesSummary) -> list[str]:
    out = ["## Decisions and action items", ""]
    if outcomes.follows:
        out += [f"_A follow-up of {_escape(outcomes.follows)}._", ""]
    if outcomes.empty:
        return [*out, "_No decisions or action items were recorded._", ""]
    if outcomes.carried:
        out += ["### Open from last time", ""]
        out += ["| Action item | Owner | Due | Status | From |", "|---|---|---|---|---|"]
        for line in outcomes.carried:
            status = f"{line.status_text} here" if line.closed_here else line.status_text
            out.append(_action_row(line, _escape(line.from_workshop), status))
        out.append("")
    out += ["### Decisions", ""]
    if outcomes.decisions:
        out += ["| # | Decision | Decided by | Source |", "|---|---|---|---|"]
        for number, line in enumerate(outcomes.decisions, 1):
            out.append(
                f"| {number} | {_escape(line.text)} | {_escape(line.decided_by) or '–'} | {_source(line)} |"
            )
    else:
        out.append("_No decisions were recorded._")
    out += ["", "### Action items", ""]
    if outcomes.actions:
        out += ["| Action item | Owner | Due | Status | Source |", "|---|---|---|---|---|"]
        out += [
            _action_row(
                line,
                _source(line),
                f"{line.status_text} in {_escape(line.closed_in)}" if line.closed_in else "",
            )
            for line in outcomes.actions
        ]
    else:
        out.append("_No action items were recorded._")
    return [*out, ""]
