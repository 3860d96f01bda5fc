"""Sub-commands for outcomes and series: ``follow-up`` makes the next workshop of a series,
``outcomes`` lists a workshop's decisions, action items and what is open from last time."""

from __future__ import annotations

import argparse
from typing import Any

from sprintdesk.cli.registry import Command, open_database_for


def _follow_up_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workshop_id", type=int, metavar="WORKSHOP_ID")
    parser.add_argument("--title", help='title (default: "<title> — follow-up")')
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="first day of the follow-up")


def _outcomes_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workshop_id", type=int, metavar="WORKSHOP_ID")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _cmd_follow_up(args: argparse.Namespace) -> int:
    from sprintdesk.domain.workshop import check_title, parse_date
    from sprintdesk.services.series import SeriesService

    date = parse_date(args.date) if args.date is not None else None
    title = check_title(args.title) if args.title is not None else None  # before the database
    series = SeriesService(open_database_for(args, create=False, must_exist=True))
    new_id, _ = series.create_follow_up(args.workshop_id, title=title, start_date=date)
    print(new_id)
    return 0


def _action(outcome: Any, owner: str, today: Any, origin: str = "") -> dict[str, Any]:
    return {
        "id": outcome.id,
        "text": outcome.text,
        "owner": owner or None,
        "due_date": outcome.due_date.isoformat() if outcome.due_date else None,
        "status": outcome.status.value,
        "overdue": outcome.overdue(today),
        "source": outcome.source_text or None,
        **({"from_workshop": origin} if origin else {}),
    }


def _line(item: dict[str, Any]) -> str:
    mark = "[ ]" if item["status"] == "open" else "[x]"
    parts = [item["owner"] or "nobody yet"]
    if item["due_date"]:
        parts.append(f"due {item['due_date']}")
    parts.append("OVERDUE" if item["overdue"] else item["status"])
    if item.get("from_workshop"):
        parts.append(f"from “{item['from_workshop']}”")
    return f"  {mark} {item['text']}  ({', '.join(parts)})"


def _cmd_outcomes(args: argparse.Namespace) -> int:
    from sprintdesk.domain.clock import SystemClock
    from sprintdesk.services.outcomes import OutcomeService

    seen = OutcomeService(open_database_for(args, create=False, must_exist=True)).outcomes_of(
        args.workshop_id
    )
    today = SystemClock().utc_now().astimezone().date()  # the command line's clock: the system's
    owners = seen.owners
    decisions = [
        {"id": o.id, "text": o.text, "decided_by": o.decided_by or None, "source": o.source_text or None}
        for o in seen.decisions
    ]
    actions = [_action(o, owners.get(o.owner_id, "") if o.owner_id else "", today) for o in seen.actions]
    carried = [_action(c.outcome, c.owner, today, c.from_title) for c in seen.carried]
    if args.json:
        import json

        payload = {
            "workshop_id": seen.workshop_id,
            "follows": {"id": seen.follows[0], "title": seen.follows[1]} if seen.follows else None,
            "decisions": decisions,
            "action_items": actions,
            "open_from_last_time": carried,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    if seen.follows:
        print(f"Follow-up of “{seen.follows[1]}” (workshop {seen.follows[0]})")
        print("Open from last time:")
        for item in carried:
            print(_line(item))
        if not carried:
            print("  nothing open")
    print("Decisions:")
    for decision in decisions:
        by = f"  (decided by {decision['decided_by']})" if decision["decided_by"] else ""
        print(f"  - {decision['text']}{by}")
    if not decisions:
        print("  none yet")
    print("Action items:")
    for item in actions:
        print(_line(item))
    if not actions:
        print("  none yet")
    return 0


COMMANDS = (
    Command(
        "follow-up",
        "create the follow-up of a workshop (its open action items carry over) and print its id",
        _follow_up_arguments,
        _cmd_follow_up,
    ),
    Command(
        "outcomes",
        "list a workshop's decisions, action items and what is open from last time",
        _outcomes_arguments,
        _cmd_outcomes,
    ),
)
