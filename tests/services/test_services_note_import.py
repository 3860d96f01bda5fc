"""NoteImportService: a file into a board in one transaction, all or nothing."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintdesk.domain.board import (
    CLUSTER_PADDING,
    CLUSTER_TITLE_HEIGHT,
    NOTE_HEIGHT,
    NOTE_WIDTH,
    Note,
    NoteColor,
)
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.note_import import NoteFileError, parse_note_file
from sprintdesk.domain.workshop import Role, Workshop
from sprintdesk.services.boards import BoardService
from sprintdesk.services.changes import Changes
from sprintdesk.services.note_import import NoteImportService, default_board_name
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage import board_repository
from sprintdesk.storage.database import Database
from sprintdesk.storage.errors import NotFoundError

Snapshot = Callable[[], dict[str, list[tuple[object, ...]]]]

CSV = (
    b"text,color,author,role,cluster,votes\n"
    b"Onboarding is slow,blue,ben OKAFOR,,Speed,4\n"  # Ben exists (as "Ben Okafor"), any case matches
    b"Too many steps,,Rita,PM,speed,\n"  # a new author; "speed" is the same cluster as "Speed"
    b"Trust the brand,green,Rita,,Trust,1\n"
    b"Loose idea,,,,,\n"
    b'"Ask support,\nthey know",pink,Ola,decider,,2\n'
)


@pytest.fixture
def snapshot(db_path: Path) -> Snapshot:
    def read() -> dict[str, list[tuple[object, ...]]]:
        connection = sqlite3.connect(db_path)
        try:
            names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {name: connection.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall() for name in names}
        finally:
            connection.close()

    return read


@pytest.fixture
def importer(db: Database) -> NoteImportService:
    return NoteImportService(db)


@pytest.fixture
def boards(db: Database) -> BoardService:
    return BoardService(db)


@pytest.fixture
def wid(sprint: Workshop) -> int:
    assert sprint.id is not None
    return sprint.id


def overlaps(notes: Sequence[Note]) -> list[tuple[str, str]]:
    return [
        (a.text, b.text)
        for a, b in itertools.combinations(notes, 2)
        if abs(a.x - b.x) < NOTE_WIDTH and abs(a.y - b.y) < NOTE_HEIGHT
    ]


def row_counts(snap: dict[str, list[tuple[object, ...]]]) -> dict[str, int]:
    return {table: len(rows) for table, rows in snap.items()}


# -- txt ------------------------------------------------------------------------------------


def test_a_txt_file_makes_a_board_named_after_it(
    importer: NoteImportService, boards: BoardService, wid: int
) -> None:
    result = importer.import_file(wid, "team_ideas.txt", b"\xef\xbb\xbfone\r\n\r\ntwo\r\n  three  \r\n")
    assert (result.board_name, result.created_board, result.count) == ("team ideas", True, 3)
    assert result.changes == Changes(
        workshop_id=wid,
        workshop_list=True,
        details=True,
        boards=True,
        board_id=result.board_id,
        note_ids=result.changes.note_ids,
    )
    content = boards.load(result.board_id)
    assert content.board.name == "team ideas"
    assert [n.text for n in content.notes] == ["one", "two", "three"]
    assert result.changes.note_ids == {n.id for n in content.notes}
    assert all(
        n.color is NoteColor.YELLOW and n.cluster_id is None and n.author_id is None for n in content.notes
    )
    assert overlaps(content.notes) == []


@pytest.mark.parametrize(
    ("filename", "expected"),
    [("retro.txt", "retro"), ("/some/dir/Big_Wall_2026.csv", "Big Wall 2026"), ("___.txt", "Imported notes")],
)
def test_default_board_names(filename: str, expected: str) -> None:
    assert default_board_name(filename) == expected
    assert len(default_board_name("x" * 300 + ".txt")) == 120


def test_an_existing_board_is_found_in_any_case(
    importer: NoteImportService, boards: BoardService, wid: int
) -> None:
    board_id, _ = boards.create(wid, "How Might We")
    boards.add_notes(board_id, ["already here"])
    result = importer.import_file(wid, "x.txt", b"new one\nnew two", board_name="  how  might WE ")
    assert (result.board_id, result.board_name, result.created_board, result.count) == (
        board_id,
        "How Might We",
        False,
        2,
    )
    assert not result.changes.boards
    notes = boards.load(board_id).notes
    assert [n.text for n in notes] == ["already here", "new one", "new two"]
    assert overlaps(notes) == []
    assert min(n.y for n in notes[1:]) > notes[0].y + NOTE_HEIGHT  # under what was there
    assert len(boards.boards_of(wid)) == 1


def test_a_named_board_that_does_not_exist_is_created(
    importer: NoteImportService, boards: BoardService, wid: int
) -> None:
    boards.create(wid, "Other")
    result = importer.import_file(wid, "x.txt", b"a", board_name="Sprint questions")
    assert result.created_board and result.board_name == "Sprint questions"
    assert [s.board.name for s in boards.boards_of(wid)] == ["Other", "Sprint questions"]


def test_importing_into_a_non_ascii_board_twice_reuses_it(
    importer: NoteImportService, boards: BoardService, wid: int
) -> None:
    first = importer.import_file(wid, "Ärger.txt", b"a")
    second = importer.import_file(wid, "ärger.txt", b"b")
    assert first.created_board and not second.created_board
    assert second.board_id == first.board_id and second.board_name == "Ärger"


# -- csv ------------------------------------------------------------------------------------


def test_a_csv_with_authors_clusters_colours_and_votes(
    importer: NoteImportService, boards: BoardService, workshops: WorkshopService, wid: int, sprint: Workshop
) -> None:
    result = importer.import_file(wid, "wall.csv", CSV)
    assert result.count == 5
    people = {p.name: p for p in workshops.get(wid).participants}
    assert [(p.name, p.role) for p in workshops.get(wid).participants] == [
        ("Ana Costa", Role.PM),
        ("Ben Okafor", Role.UX),
        ("Chen Wei", Role.ENGINEERING),
        ("Dana Ruiz", Role.DECIDER),
        ("Rita", Role.PM),  # a new author gets the role given on their first note
        ("Ola", Role.DECIDER),
    ]
    assert people["Ben Okafor"].id == sprint.participants[1].id
    content = boards.load(result.board_id)
    clusters = {c.title: c for c in content.clusters}
    assert sorted(clusters) == ["Speed", "Trust"]
    notes = {n.text: n for n in content.notes}
    assert list(notes) == [
        "Onboarding is slow",
        "Too many steps",
        "Trust the brand",
        "Loose idea",
        "Ask support,\nthey know",
    ]
    expected = {
        "Onboarding is slow": (NoteColor.BLUE, "Ben Okafor", "Speed", 4),
        "Too many steps": (NoteColor.YELLOW, "Rita", "Speed", 0),
        "Trust the brand": (NoteColor.GREEN, "Rita", "Trust", 1),
        "Loose idea": (NoteColor.YELLOW, None, None, 0),
        "Ask support,\nthey know": (NoteColor.PINK, "Ola", None, 2),
    }
    for text, (color, author, cluster, votes) in expected.items():
        note = notes[text]
        assert note.color is color
        assert note.author_id == (people[author].id if author else None)
        assert note.cluster_id == (clusters[cluster].id if cluster else None)
        assert note.imported_votes == votes
    assert overlaps(content.notes) == []
    for cluster in content.clusters:
        for note in content.notes_in(cluster.id):
            assert note.x >= cluster.x + CLUSTER_PADDING
            assert note.y >= cluster.y + CLUSTER_TITLE_HEIGHT + CLUSTER_PADDING
    loose_top = min(n.y for n in content.notes_in(None))
    assert loose_top > max(n.y for n in content.notes if n.cluster_id is not None)


def test_a_second_import_reuses_clusters_and_participants(
    importer: NoteImportService,
    boards: BoardService,
    workshops: WorkshopService,
    wid: int,
    snapshot: Snapshot,
) -> None:
    first = importer.import_file(wid, "wall.csv", CSV)
    counts = row_counts(snapshot())
    again = (
        b"note,theme,author\n"
        b"More speed,SPEED,RITA\n"
        b"Even more speed,Speed,ola\n"
        b"Third speed,speed,\n"
        b"Fourth speed,speed,\n"
        b"Fifth speed,speed,\n"
        b"New theme,Price,\n"
        b"loose,,\n"
    )
    second = importer.import_file(wid, "wall.csv", again)
    assert second.board_id == first.board_id and not second.created_board
    after = row_counts(snapshot())
    assert after["participants"] == counts["participants"]
    assert after["clusters"] == counts["clusters"] + 1  # only "Price" is new
    assert after["notes"] == counts["notes"] + 7
    content = boards.load(first.board_id)
    speed = next(c for c in content.clusters if c.title == "Speed")
    assert len(content.notes_in(speed.id)) == 7
    assert overlaps(content.notes_in(speed.id)) == []
    new_ids = second.changes.note_ids
    assert overlaps([n for n in content.notes if n.id in new_ids]) == []
    # What goes outside the clusters already there lands on free space. (A cluster that
    # grows may reach over its neighbours; "tidy board" sorts that out.)
    outside = [n for n in content.notes if n.id in new_ids and n.cluster_id != speed.id]
    assert outside
    for note in outside:
        others = [n for n in content.notes if n.id != note.id]
        assert [
            o.text for o in others if abs(o.x - note.x) < NOTE_WIDTH and abs(o.y - note.y) < NOTE_HEIGHT
        ] == []
    rita = next(p for p in workshops.get(wid).participants if p.name == "Rita")
    assert next(n for n in content.notes if n.text == "More speed").author_id == rita.id


def test_notes_added_to_an_arranged_cluster_fill_its_grid(
    importer: NoteImportService, boards: BoardService, wid: int
) -> None:
    first = importer.import_file(
        wid, "x.csv", b"text,cluster\n" + b"".join(b"old %d,Theme\n" % i for i in range(4))
    )
    importer.import_file(wid, "x.csv", b"text,cluster\n" + b"".join(b"new %d,theme\n" % i for i in range(5)))
    content = boards.load(first.board_id)
    (cluster,) = content.clusters
    members = content.notes_in(cluster.id)
    assert len(members) == 9 and overlaps(members) == []
    assert len({n.x for n in members}) == 3 and len({n.y for n in members}) == 3  # a neat 3 x 3


def test_notes_added_to_a_cluster_avoid_members_moved_by_hand(
    importer: NoteImportService, boards: BoardService, wid: int
) -> None:
    first = importer.import_file(wid, "x.csv", b"text,cluster\na,Theme\nb,Theme\n")
    (cluster,) = boards.load(first.board_id).clusters
    a, b = boards.load(first.board_id).notes
    boards.move_notes(first.board_id, [(b.id or 0, a.x + 50.0, a.y + 150.0)])  # dragged under a, askew
    importer.import_file(wid, "x.csv", b"text,cluster\n" + b"".join(b"n%d,Theme\n" % i for i in range(6)))
    members = boards.load(first.board_id).notes_in(cluster.id)
    assert len(members) == 8 and overlaps(members) == []


def test_the_same_new_author_in_many_rows_is_one_participant(
    importer: NoteImportService, workshops: WorkshopService, wid: int
) -> None:
    data = b"text,author\na,Kim\nb,KIM\nc,  kim  \nd,Kim  Lee\ne,kim lee\n"
    importer.import_file(wid, "x.csv", data)
    assert [p.name for p in workshops.get(wid).participants] == [
        "Ana Costa",
        "Ben Okafor",
        "Chen Wei",
        "Dana Ruiz",
        "Kim",
        "Kim Lee",
    ]


def test_many_clusters_are_laid_out_without_overlap(
    importer: NoteImportService, boards: BoardService, wid: int
) -> None:
    rows = "".join(f"note {i},theme {i % 9}\n" for i in range(60))
    result = importer.import_file(wid, "x.csv", f"text,cluster\n{rows}loose 1,\nloose 2,\n".encode())
    content = boards.load(result.board_id)
    assert len(content.clusters) == 9 and len(content.notes) == 62
    assert overlaps(content.notes) == []


# -- all or nothing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "data", "fragment"),
    [
        ("x.csv", CSV + b"last,mauve,Newbie,,New cluster,\n", "line 8: unknown colour 'mauve'"),
        ("x.csv", CSV + b"bad,,Newbie,,,lots\n", "line 8: votes must be"),
        ("x.csv", b"text,author,cluster\nok,Newbie,Theme\n,Other,\n", "line 3: the note has no text"),
        ("x.csv", b'text,author\n"ok\nspans",Newbie\n"never closed,x\n', "line 4:"),
        ("x.txt", b"good\nalso good\nbad \xff\n", "line 3: not UTF-8"),
        ("x.txt", b"good\n\x00", "line 2:"),
        ("x.csv", b"", "line 1:"),
        ("x.md", b"anything", ".txt"),
    ],
)
def test_a_bad_line_anywhere_imports_nothing(
    importer: NoteImportService, wid: int, snapshot: Snapshot, filename: str, data: bytes, fragment: str
) -> None:
    before = snapshot()
    with pytest.raises(NoteFileError) as caught:
        importer.import_file(wid, filename, data)
    assert fragment in str(caught.value)
    assert snapshot() == before


def test_a_bad_file_into_an_existing_board_changes_nothing(
    importer: NoteImportService, boards: BoardService, wid: int, snapshot: Snapshot
) -> None:
    first = importer.import_file(wid, "wall.csv", CSV)
    before = snapshot()
    with pytest.raises(NoteFileError, match="line 3"):
        importer.import_file(
            wid, "wall.csv", b"text,cluster,author\nfine,Speed,Newcomer\nbad,Speed,Newcomer,extra\n"
        )
    assert snapshot() == before
    assert boards.load(first.board_id).board.name == "wall"


def test_a_failure_while_writing_rolls_everything_back(
    importer: NoteImportService, wid: int, snapshot: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board, the new participants and the clusters are written before the notes: if
    the notes fail, none of them stay."""
    before = snapshot()

    def broken(*_args: object) -> list[int]:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(board_repository, "add_notes", broken)
    with pytest.raises(RuntimeError):
        importer.import_file(wid, "wall.csv", CSV)
    assert snapshot() == before


def test_a_missing_workshop_or_a_bad_board_name_imports_nothing(
    importer: NoteImportService, wid: int, snapshot: Snapshot
) -> None:
    before = snapshot()
    with pytest.raises(NotFoundError):
        importer.import_file(wid + 100, "x.txt", b"a")
    with pytest.raises(ValidationError, match="at most 120"):
        importer.import_file(wid, "x.txt", b"a", board_name="n" * 121)
    with pytest.raises(ValidationError, match="needs a name"):
        importer.import_file(wid, "x.txt", b"a", board_name="   ")
    assert snapshot() == before


def test_ten_thousand_notes(importer: NoteImportService, boards: BoardService, wid: int) -> None:
    data = "\n".join(f"idea number {i}" for i in range(10_000)).encode()
    result = importer.import_file(wid, "big.txt", data)
    assert result.count == 10_000
    notes = boards.load(result.board_id).notes
    assert len(notes) == 10_000
    assert len({(n.x, n.y) for n in notes}) == 10_000
    assert [n.text for n in notes[:2]] == ["idea number 0", "idea number 1"]


# -- any bytes ------------------------------------------------------------------------------

_TOKENS = [
    b"text",
    b"note",
    b"author",
    b"role",
    b"cluster",
    b"theme",
    b"votes",
    b"color",
    b",",
    b",",
    b"\n",
    b"\r\n",
    b'"',
    b"Kim",
    b"ben okafor",
    b"DANA RUIZ",
    b"Decider",
    b"pm",
    b"boss",
    b"Speed",
    b"speed",
    b"blue",
    b"mauve",
    b"3",
    b"x",
    b"\xff",
    b"\x00",
    b"\xef\xbb\xbf",
    b" ",
    "é".encode(),
]
files = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(_TOKENS), max_size=50).map(b"".join),
    st.lists(st.sampled_from(_TOKENS), max_size=40).map(
        lambda p: b"text,author,cluster,votes,role\n" + b"".join(p)
    ),
)


@pytest.mark.slow  # fuzzes with many examples
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(filename=st.sampled_from(["fuzz.txt", "fuzz.csv"]), data=files)
def test_any_bytes_import_completely_or_not_at_all(
    importer: NoteImportService,
    boards: BoardService,
    wid: int,
    snapshot: Snapshot,
    filename: str,
    data: bytes,
) -> None:
    before = snapshot()
    try:
        result = importer.import_file(wid, filename, data)
    except (NoteFileError, ValidationError) as error:
        assert str(error)
        assert snapshot() == before
        return
    parsed = parse_note_file(filename, data)
    assert result.count == len(parsed)
    after = row_counts(snapshot())
    assert after["notes"] == row_counts(before)["notes"] + len(parsed)
    stored = boards.load(result.board_id).notes
    assert [n.text for n in stored[len(stored) - len(parsed) :]] == [n.text for n in parsed]
