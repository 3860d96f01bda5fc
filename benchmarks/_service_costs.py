"""Where the room server's time goes: the participation service's calls timed directly (no
HTTP, no Qt, one thread), as the board and the roster grow. ``participants.py --costs``.

A sample workshop and an empty board on a real SQLite file in a temporary folder, the service
on a connection of its own (``own_connection=True``, as ``RoomServer`` makes it); joining
opened on it (new names allowed, that board); ``--phones`` participants join; then the board is
filled in steps (``BoardService.add_notes`` in bulk, loose notes as quick entry places them)
and at each size, ``--repeat`` times each (median, p90):

* ``write_note``: one new note from a phone (the whole service call: context, placing, commit);
* ``write_note again``: the same key again (the idempotent answer);
* ``identify``: a token to a participant (every API request does it);
* ``room_state``: ``<room>`` (the server reads it after every phone write, ``Feed.after_phone_write``);
* ``me``: ``GET /api/me``;
* ``mine_digests``: every participant's digest (``Feed.refresh`` after each outside change);
* with a vote open: ``my_vote`` (``GET /api/vote``: every note of the board) and ``cast_dot``.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _report import percentile, table


def _timed(call: Callable[[], Any], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        call()
        times.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(times), percentile(times, 0.9)


def service_costs(phones: int, sizes: list[int], repeat: int) -> list[list[str]]:
    from sprintdesk.domain.clock import SystemClock
    from sprintdesk.domain.participation import JoinPolicy
    from sprintdesk.domain.voting import VoteRules
    from sprintdesk.samples import add_workshop
    from sprintdesk.services.bundle import Services
    from sprintdesk.services.participation import ParticipationService
    from sprintdesk.storage.database import open_database

    rows = [["board notes", "participants", "call", "median ms", "p90 ms"]]
    with tempfile.TemporaryDirectory(prefix="sprintdesk-costs-") as folder:
        db = open_database(Path(folder) / "costs.db")
        clock = SystemClock()
        services = Services.of(db, clock)
        workshop_id = add_workshop(services)
        server_db = open_database(Path(folder) / "costs.db", must_exist=True, backups_enabled=False)
        service = ParticipationService(server_db, clock, own_connection=True)  # as RoomServer makes it
        board_id, _ = services.boards.create(workshop_id, "Ideas from the room")
        service.set_policy(workshop_id, JoinPolicy(board_id=board_id))
        joining, _ = service.open_joining(workshop_id, "127.0.0.1", 8080)
        start = time.perf_counter()
        tokens = []
        for number in range(phones):
            joined, _ = service.join(joining.secret, name=f"Phone {number + 1:04d}", role="")
            tokens.append((joined["token"], joined["participant"]["id"]))  # type: ignore[index]
        rows.append(
            [
                "0",
                f"{phones:,}",
                f"join x {phones:,} (mean)",
                f"{(time.perf_counter() - start) * 1000 / phones:.2f}",
                "",
            ]
        )
        token, person = tokens[-1]
        people = [pid for _token, pid in tokens]
        have = 0
        counter = [0]

        def write() -> None:
            counter[0] += 1
            service.write_note(workshop_id, person, f"costkey{counter[0]:08d}", f"Cost note {counter[0]}")

        for size in sizes:
            if size > have:
                texts = [f"Filler note {i}" for i in range(have, size)]
                for chunk in range(0, len(texts), 2000):
                    services.boards.add_notes(board_id, ["\n".join(texts[chunk : chunk + 2000])])
                have = size
            calls: list[tuple[str, Callable[[], Any]]] = [
                ("write_note", write),
                (
                    "write_note again (same key)",
                    lambda: service.write_note(workshop_id, person, "costkey00000001", "x"),
                ),
                ("identify", lambda: service.identify(token, workshop_id)),
                ("room_state", lambda: service.room_state(workshop_id)),
                ("me", lambda: service.me(workshop_id, person)),
                ("mine_digests (all)", lambda: service.mine_digests(workshop_id, people)),
            ]
            for name, call in calls:
                median, p90 = _timed(call, repeat)
                rows.append([f"{size:,}", f"{phones:,}", name, f"{median:.2f}", f"{p90:.2f}"])
            have += repeat
        services.voting.start(board_id, VoteRules(3, 0))
        notes = [n.id for n in services.boards.load(board_id).notes if n.id is not None]
        median, p90 = _timed(lambda: service.my_vote(workshop_id, person), repeat)
        rows.append([f"{have:,}", f"{phones:,}", "my_vote (vote open)", f"{median:.2f}", f"{p90:.2f}"])
        voters = iter(people)
        median, p90 = _timed(
            lambda: service.cast_dot(workshop_id, next(voters), notes[0]), min(repeat, len(people))
        )
        rows.append([f"{have:,}", f"{phones:,}", "cast_dot", f"{median:.2f}", f"{p90:.2f}"])
        server_db.close()
        db.close()
    return rows


def print_costs(phones: int, sizes: list[int], repeat: int) -> None:
    print(f"Participation service calls, timed directly (median and p90 of {repeat})")
    print(table(service_costs(phones, sizes, repeat)))
