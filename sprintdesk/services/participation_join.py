"""Joining from a phone: the join link and room code of one workshop, who a phone says it is,
and the rules for that (new names, anonymous phones, removed people). Each function runs
inside the caller's one transaction (ParticipationService in services/participation.py)."""

from __future__ import annotations

import dataclasses
import hashlib
import secrets

from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.participation import (
    ROOM_CODE_ALPHABET,
    ROOM_CODE_LENGTH,
    SECRET_BYTES,
    Joining,
    JoinPolicy,
    anonymous_name,
    check_id,
    check_phone_text,
    is_anonymous_name,
    looks_like_secret,
    next_anonymous_number,
)
from sprintdesk.domain.workshop import Participant, Role, check_title, name_key
from sprintdesk.services.participation_errors import ForbiddenError, MissingError
from sprintdesk.storage import participation_repository as repo
from sprintdesk.storage import workshop_repository as workshops
from sprintdesk.storage.database import Transaction as Session

# Roles a phone may pick for a new name: every role but Decider, whose supervotes only the
# facilitator hands out.
PHONE_ROLES = tuple(role for role in Role if role is not Role.DECIDER)
NO_LINK = "This join link does not work (any more). Ask the facilitator for the room code."
NO_CODE = "There is no room with that code. Check it with the facilitator."
REMOVED = "The facilitator removed you from this workshop."


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def person(participant: Participant) -> dict[str, object]:
    return {"id": participant.id, "name": participant.name, "role": participant.role.value}


def fresh_link(session: Session) -> tuple[str, str]:
    """A new join secret and a room code no other workshop uses."""
    for _attempt in range(100):
        code = "".join(secrets.choice(ROOM_CODE_ALPHABET) for _ in range(ROOM_CODE_LENGTH))
        if not repo.code_taken(session, code):
            break
    return secrets.token_urlsafe(SECRET_BYTES), code


def new_row(session: Session, workshop_id: int) -> Joining:
    workshops.get_workshop(session, workshop_id)  # NotFoundError when it is gone
    secret, code = fresh_link(session)
    return Joining(workshop_id, secret, code, "", 0, False, JoinPolicy())


def row(session: Session, workshop_id: int) -> Joining:
    return repo.get_joining(session, workshop_id) or new_row(session, workshop_id)


def by_secret(session: Session, secret: object, workshop_id: int) -> Joining:
    """The joining of ``workshop_id`` if ``secret`` is its secret and joining is on; any
    other secret (another workshop's too) is MissingError, with the same message."""
    found = (
        repo.joining_by_secret(session, secret)
        if isinstance(secret, str) and looks_like_secret(secret)
        else None
    )
    if found is None or not found.is_on or found.workshop_id != workshop_id:
        raise MissingError(NO_LINK)
    return found


def info(session: Session, joining: Joining) -> dict[str, object]:
    """``GET /api/join/<secret>``: the workshop's title, its policy and who can be picked."""
    title = repo.workshop_title(session, joining.workshop_id)
    everyone = repo.list_people(session, joining.workshop_id)
    anonymous = joining.policy.anonymous
    people = [] if anonymous else [person(p) for p in everyone if not is_anonymous_name(p.name)]
    return {
        "workshop": title,
        "anonymous": anonymous,
        "allow_new_names": joining.policy.allow_new_names,
        "participants": people,
        "roles": [role.value for role in PHONE_ROLES],
    }


def who(
    session: Session, joining: Joining, participant_id: object, name: object, role: object
) -> Participant:
    """The participant a joining phone is: a new anonymous one, the one picked from the list
    or typed, or a new name (when allowed). A removed participant is refused."""
    workshop_id = joining.workshop_id
    people = repo.list_people(session, workshop_id)
    if joining.policy.anonymous:
        number = next_anonymous_number([p.name for p in people])
        new = Participant(anonymous_name(number), Role.OTHER)
        return dataclasses.replace(new, id=repo.add_person(session, workshop_id, new))
    if participant_id is not None:
        wanted = check_id(participant_id, "Pick your name from the list.")
        found = next((p for p in people if p.id == wanted), None)
        if found is None:
            raise MissingError("That name is not on this workshop's list.")
        return _not_removed(session, workshop_id, found)
    if not isinstance(name, str):
        raise ValidationError("Pick your name or type it.")
    cleaned = check_title(check_phone_text(name, "Your name"), "Your name")
    same = next((p for p in people if name_key(p.name) == name_key(cleaned)), None)
    if same is not None:
        return _not_removed(session, workshop_id, same)
    if not joining.policy.allow_new_names:
        raise ForbiddenError("Pick your name from the list: the facilitator does not allow new names.")
    picked = Role.OTHER
    if role not in (None, ""):
        choices = {r.value: r for r in PHONE_ROLES}
        if not isinstance(role, str) or role not in choices:
            raise ValidationError("Pick a role from the list.")
        picked = choices[role]
    new = Participant(cleaned, picked)
    return dataclasses.replace(new, id=repo.add_person(session, workshop_id, new))


def _not_removed(session: Session, workshop_id: int, found: Participant) -> Participant:
    if repo.is_removed(session, workshop_id, found.id or 0):
        raise ForbiddenError(REMOVED)
    return found
