"""What the rehearsal's room writes on its Start / Stop / Continue board: forty notes from four
people in two roles (two product managers, two designers), and the themes they are grouped
in. Plain data, shared by the rehearsal (tests/ui/rehearsal_play.py) and nothing else."""

from __future__ import annotations

from sprintdesk.domain.workshop import Participant, Role

PEOPLE = (
    Participant("Priya Shah", Role.PM),
    Participant("Tom Berg", Role.PM),
    Participant("Uma Nakamura", Role.UX),
    Participant("Leo Dubois", Role.UX),
)

# region -> theme -> notes (text, author); a theme of "" holds the notes left loose.
NOTES: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "Start": {
        "Talk to customers": (
            ("Invite a customer to sprint review", "Priya Shah"),
            ("Watch two support calls each sprint", "Uma Nakamura"),
            ("Share interview clips in Slack", "Leo Dubois"),
            ("Usability test every new flow", "Uma Nakamura"),
            ("Visit a store with the field team", "Tom Berg"),
        ),
        "Plan together": (
            ("Design and PM refine stories together", "Leo Dubois"),
            ("Sketch before writing tickets", "Uma Nakamura"),
            ("Write acceptance criteria with design", "Priya Shah"),
            ("One shared roadmap board", "Tom Berg"),
        ),
        "": (
            ("Demo unfinished work early", "Tom Berg"),
            ("Celebrate small wins on Fridays", "Priya Shah"),
            ("Pair on tricky copy", "Leo Dubois"),
            ("Rotate who runs the retro", "Uma Nakamura"),
        ),
    },
    "Stop": {
        "Meetings": (
            ("Status meetings that could be an email", "Tom Berg"),
            ("Booking meetings without an agenda", "Priya Shah"),
            ("Back to back calls all Thursday", "Leo Dubois"),
            ("Late starts after lunch", "Uma Nakamura"),
        ),
        "Late changes": (
            ("Changing scope mid sprint", "Uma Nakamura"),
            ("Designs changed after handoff", "Leo Dubois"),
            ("Urgent requests through DMs", "Priya Shah"),
            ("Skipping design review to ship", "Tom Berg"),
        ),
        "": (
            ("Laptops open during demos", "Priya Shah"),
            ("Tickets without a why", "Uma Nakamura"),
            ("Guessing what users want", "Leo Dubois"),
            ("Merging on Friday evening", "Tom Berg"),
            ("Hiding bad news until review", "Priya Shah"),
        ),
    },
    "Continue": {
        "Rituals": (
            ("Daily standup at ten", "Tom Berg"),
            ("Design critique on Tuesdays", "Leo Dubois"),
            ("Writing notes before talking", "Uma Nakamura"),
            ("Dot voting before deciding", "Priya Shah"),
            ("Monthly demo to the whole company", "Tom Berg"),
        ),
        "": (
            ("Clear sprint goal on the wall", "Priya Shah"),
            ("Shared component library", "Leo Dubois"),
            ("Quick feedback from engineers", "Uma Nakamura"),
            ("Honest retros like this one", "Tom Berg"),
            ("Release notes written by PMs", "Priya Shah"),
            ("Accessibility checks in review", "Leo Dubois"),
            ("Coffee with new joiners", "Uma Nakamura"),
            ("Prototypes before specs", "Tom Berg"),
            ("Pairing designers with engineers", "Leo Dubois"),
        ),
    },
}

# Who puts a dot on which note (three each), by note text.
VOTES: dict[str, tuple[str, ...]] = {
    "Priya Shah": ("Changing scope mid sprint", "Invite a customer to sprint review", "Daily standup at ten"),
    "Tom Berg": (
        "Changing scope mid sprint",
        "Status meetings that could be an email",
        "Prototypes before specs",
    ),
    "Uma Nakamura": (
        "Usability test every new flow",
        "Changing scope mid sprint",
        "Sketch before writing tickets",
    ),
    "Leo Dubois": (
        "Designs changed after handoff",
        "Usability test every new flow",
        "Changing scope mid sprint",
    ),
}


def notes_csv() -> str:
    """The notes as the CSV file a facilitator imports (text, author, region), ungrouped:
    the rehearsal groups them on the board, as a facilitator would."""
    rows = ["text,author,region"]
    for region, themes in NOTES.items():
        for notes in themes.values():
            rows += [f"{text},{author},{region}" for text, author in notes]
    return "\n".join(rows) + "\n"


def all_notes() -> list[str]:
    return [text for themes in NOTES.values() for notes in themes.values() for text, _ in notes]


assert len(all_notes()) == 40
