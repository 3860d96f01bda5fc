"""Exports of boards with a structure, from a real database: the summary PDF (parsed back with
pypdf) draws the structure and lists notes region by region, Markdown likewise, the notes CSV
has a region column that the importer reads back, and the workshop file keeps the structure."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader

from sprintdesk.domain.board_structure import Axis, build_structure
from sprintdesk.export.interchange.workshop_file import to_document
from sprintdesk.export.interchange.workshop_file_read import schema
from sprintdesk.export.markdown.summary import render_markdown
from sprintdesk.export.notes_csv import render_csv
from sprintdesk.export.pdf.summary import write_summary_pdf
from sprintdesk.services.boards import BoardService
from sprintdesk.services.errors import ValidationError
from sprintdesk.services.note_import import NoteImportService
from sprintdesk.services.summary import SummaryService
from sprintdesk.services.workshop_file import WorkshopFileService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database


@pytest.fixture
def retro(db: Database, workshops: WorkshopService) -> tuple[int, int]:
    """A retro board: Start / Stop / Continue with notes in Start and Stop (one cluster in
    Stop), nothing in Continue, one note outside; and a free board with one note."""
    workshop_id, _ = workshops.create("Team retro <&>")
    boards = BoardService(db)
    board_id, _ = boards.create(workshop_id, "Retro")
    _before, s, _ = boards.structures.apply(board_id, "columns", ["Start", "Stop <b>", "Continue"])
    start, stop, _cont = s.regions
    boards.add_notes(board_id, ["Demo every Friday"], at=(start.left + 40, start.top + 160))
    ids, _ = boards.add_notes(
        board_id, ["Long stand-ups", "Stand-ups at 11"], at=(stop.left + 40, stop.top + 160)
    )
    boards.group(board_id, ids, "Meetings")
    boards.add_notes(board_id, ["Late reviews"], at=(stop.left + 40, stop.top + 700))
    boards.add_notes(board_id, ["Park this"], at=(s.x, s.y + s.height + 400))
    free_id, _ = boards.create(workshop_id, "Free board")
    boards.add_notes(free_id, ["Just a note"])
    return workshop_id, board_id


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _outline(entries: list[object]) -> list[str]:
    titles: list[str] = []
    for entry in entries:
        titles += _outline(entry) if isinstance(entry, list) else [entry.title]  # type: ignore[attr-defined]
    return titles


def test_summary_pdf_lists_notes_by_region(db: Database, retro: tuple[int, int], tmp_path: Path) -> None:
    workshop_id, _board_id = retro
    summary = SummaryService(db).build(workshop_id)
    board = summary.boards[0]
    assert board.structure is not None
    assert {n.text: n.region for n in board.notes} == {
        "Demo every Friday": "Start",
        "Long stand-ups": "Stop <b>",
        "Stand-ups at 11": "Stop <b>",
        "Late reviews": "Stop <b>",
        "Park this": "",
    }
    target = tmp_path / "summary.pdf"
    write_summary_pdf(summary, target)
    text = _pdf_text(target)
    retro_part = text[text.index("Board: Retro") : text.index("Board: Free board")]
    order = [
        "Start 1 note",
        "Demo every Friday",
        "Stop <b> 3 notes",
        "Meetings 2 notes",
        "Long stand-ups",
        "Not in a cluster",
        "Late reviews",
        "Continue 0 notes",
        "No notes in this region.",
        "Outside the structure 1 note",
        "Park this",
    ]
    positions = [
        retro_part.index(piece, retro_part.index("Start 1 note") if i else 0) for i, piece in enumerate(order)
    ]
    assert positions == sorted(positions), "regions in order, their notes under them, the outside last"
    assert "Clusters and notes" not in retro_part
    free_part = text[text.index("Board: Free board") :]
    assert "Clusters and notes" in free_part and "Outside the structure" not in free_part
    outline = _outline(PdfReader(target).outline)
    assert outline.index("Board: Retro") < outline.index("Start") < outline.index("Stop <b>")
    assert (
        outline.index("Continue")
        < outline.index("Outside the structure")
        < outline.index("Board: Free board")
    )
    # the drawing carries the column titles (as text on the page, above the lists)
    drawing_part = retro_part[: retro_part.index("Start 1 note")]
    for title in ("Start", "Stop <b>", "Continue"):
        assert title in drawing_part


def test_summary_pdf_draws_a_grid_with_its_axes(
    db: Database, workshops: WorkshopService, tmp_path: Path
) -> None:
    workshop_id, _ = workshops.create("Prioritise")
    boards = BoardService(db)
    board_id, _ = boards.create(workshop_id, "Impact / effort")
    boards.structures.apply(
        board_id,
        "grid",
        ["Quick wins", "", "Fill-ins", "Money pit"],
        x_axis=Axis("Effort", "tiny", "huge"),
        y_axis=Axis("Impact"),
    )
    grid = boards.structures.structure_of(board_id)
    assert grid is not None
    big_bets = grid.regions[1]  # unnamed: named by its axes in the lists
    boards.add_notes(board_id, ["Rebuild search"], at=(big_bets.left + 60, big_bets.top + 200))
    target = tmp_path / "grid.pdf"
    write_summary_pdf(SummaryService(db).build(workshop_id), target)
    text = _pdf_text(target)
    for piece in ("Effort →", "Impact →", "tiny", "huge", "Quick wins", "Impact: high, Effort: huge"):
        assert piece in text
    # (the board drawing may show the note's text first; the listing comes after its heading)
    assert text.index("Impact: high, Effort: huge 1 note") < text.rindex("Rebuild search")


def test_an_empty_structured_board_still_shows_its_regions(
    db: Database, workshops: WorkshopService, tmp_path: Path
) -> None:
    workshop_id, _ = workshops.create("Empathy")
    boards = BoardService(db)
    board_id, _ = boards.create(workshop_id, "Empathy map")
    boards.structures.apply(board_id, "quadrants", ["Says", "Thinks", "Does", "Feels"])
    target = tmp_path / "empty.pdf"
    write_summary_pdf(SummaryService(db).build(workshop_id), target)
    text = _pdf_text(target)
    assert "Board Empathy map: no notes (regions: Says, Thinks, Does, Feels)" in text  # a line


def test_markdown_groups_notes_by_region(db: Database, retro: tuple[int, int]) -> None:
    workshop_id, _ = retro
    md = render_markdown(SummaryService(db).build(workshop_id))
    part = md[md.index("## Board: Retro") : md.index("## Board: Free board")]
    part = part.split("### Perspectives")[0]  # the per-role breakdown follows the notes
    assert part.split("\n\n")[1:] == [
        "### Start",
        "- Demo every Friday",
        "### Stop \\<b\\>",
        "#### Meetings",
        "- Long stand\\-ups\n- Stand\\-ups at 11",
        "#### Not in a cluster",
        "- Late reviews",
        "### Continue",
        "_No notes._",
        "### Outside the structure",
        "- Park this",
        "",
    ]
    free = md[md.index("## Board: Free board") :].split("---")[0].split("### Perspectives")[0]
    assert "- Just a note" in free and "###" not in free


def test_csv_region_column_and_the_importer_round_trip(db: Database, retro: tuple[int, int]) -> None:
    workshop_id, _board_id = retro
    data = render_csv(SummaryService(db).build(workshop_id))
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert {r["text"]: r["region"] for r in rows if r["board"] == "Retro"} == {
        "Demo every Friday": "Start",
        "Long stand-ups": "Stop <b>",
        "Stand-ups at 11": "Stop <b>",
        "Late reviews": "Stop <b>",
        "Park this": "",
    }
    assert [r["region"] for r in rows if r["board"] == "Free board"] == [""]
    # the exported file imports again: into a board with the same columns its notes land in
    # the region they came from (clustered ones with their cluster)
    boards = BoardService(db)
    target_id, _ = boards.create(workshop_id, "Retro again")
    _b, s, _ = boards.structures.apply(target_id, "columns", ["start", "STOP <b>", "Continue"])
    retro_rows = "".join(
        line + "\r\n" for i, line in enumerate(data.splitlines()) if i == 0 or line.startswith("Retro,")
    )
    result = NoteImportService(db).import_file(
        workshop_id, "retro.csv", retro_rows.encode("utf-8-sig"), "Retro again"
    )
    assert result.board_id == target_id and result.count == 5
    again = boards.load(target_id)
    where = {n.text: s.region_of_note(n) for n in again.notes}
    assert where["Demo every Friday"] == s.regions[0]
    assert where["Late reviews"] == s.regions[1]
    assert where["Park this"] is None
    clustered = [n for n in again.notes if n.cluster_id is not None]
    assert sorted(n.text for n in clustered) == ["Long stand-ups", "Stand-ups at 11"]
    # and exported again, the rows say the same (apart from the board's name)
    summary = SummaryService(db).build(workshop_id)
    second = {
        (n.text, n.region.casefold(), n.cluster)
        for b in summary.boards
        if b.name == "Retro again"
        for n in b.notes
    }
    first = {(r["text"], r["region"].casefold(), r["cluster"]) for r in rows if r["board"] == "Retro"}
    assert second == first


def test_importer_reads_the_export_columns_and_undoes_formula_guards(
    db: Database, workshops: WorkshopService
) -> None:
    workshop_id, _ = workshops.create("Import")
    data = (
        "board,cluster,text,colour,author,role,votes,supervotes,region\r\nX,,'=1+1,yellow,,,2,1,Nowhere\r\n"
    )
    result = NoteImportService(db).import_file(workshop_id, "n.csv", data.encode())
    (note,) = BoardService(db).load(result.board_id).notes
    assert note.text == "=1+1" and note.imported_votes == 2  # no structure: the region is ignored
    with pytest.raises(ValidationError, match="unknown column 'regions'"):
        NoteImportService(db).import_file(workshop_id, "n.csv", b"text,regions\r\na,b\r\n")


def test_workshop_file_keeps_the_structure(db: Database, retro: tuple[int, int], tmp_path: Path) -> None:
    workshop_id, board_id = retro
    service = WorkshopFileService(db)
    document = to_document(service.snapshot(workshop_id))
    jsonschema.validate(document, schema())
    boards = {b["name"]: b for b in document["workshop"]["boards"]}
    assert boards["Retro"]["structure"]["kind"] == "columns"
    assert boards["Retro"]["structure"]["titles"] == ["Start", "Stop <b>", "Continue"]
    assert boards["Free board"]["structure"] is None
    target = tmp_path / "retro.json"
    service.export(workshop_id, target)
    imported = service.import_bytes(target.read_bytes())
    again = BoardService(db).boards_of(imported.workshop_id)
    original = BoardService(db).structures.structure_of(board_id)
    assert {s.board.name: s.board.structure for s in again} == {"Retro": original, "Free board": None}
    second = to_document(service.snapshot(imported.workshop_id))
    assert json.dumps(second["workshop"]["boards"][0]["structure"]) == json.dumps(
        boards["Retro"]["structure"]
    )


def test_workshop_files_without_or_with_a_bad_structure(db: Database, retro: tuple[int, int]) -> None:
    workshop_id, _ = retro
    service = WorkshopFileService(db)
    document = to_document(service.snapshot(workshop_id))
    for board in document["workshop"]["boards"]:
        del board["structure"]  # a file from before structures: still valid, boards without one
    jsonschema.validate(document, schema())
    imported = service.import_bytes(json.dumps(document).encode())
    assert all(s.board.structure is None for s in BoardService(db).boards_of(imported.workshop_id))
    count = len(WorkshopService(db).list())
    document["workshop"]["boards"][0]["structure"] = {
        "kind": "quadrants",
        "titles": ["Says", "Thinks", "", "x"],
    }
    with pytest.raises(ValidationError, match=r"workshop\.boards\[0\]\.structure: Quadrant 3 is empty"):
        service.import_bytes(json.dumps(document).encode())
    document["workshop"]["boards"][0]["structure"] = {
        "kind": "columns",
        "titles": ["a"],
        "x_axis": {"label": "E"},
    }
    with pytest.raises(
        ValidationError, match=r"workshop\.boards\[0\]\.structure: .*only a 2x2 grid has axes"
    ):
        service.import_bytes(json.dumps(document).encode())
    document["workshop"]["boards"][0]["structure"] = {"kind": "spiral", "titles": ["a"]}
    with pytest.raises(ValidationError, match=r"workshop\.boards\[0\]\.structure"):
        service.import_bytes(json.dumps(document).encode())
    assert len(WorkshopService(db).list()) == count, "a bad file stores nothing"


def test_a_structure_written_by_hand_without_geometry_gets_the_default(
    db: Database, retro: tuple[int, int]
) -> None:
    workshop_id, _ = retro
    service = WorkshopFileService(db)
    document = to_document(service.snapshot(workshop_id))
    document["workshop"]["boards"][1]["structure"] = {"kind": "columns", "titles": ["Now", "Next", "Later"]}
    imported = service.import_bytes(json.dumps(document).encode())
    made = {s.board.name: s.board.structure for s in BoardService(db).boards_of(imported.workshop_id)}
    assert made["Free board"] == build_structure("columns", ["Now", "Next", "Later"])


def test_handout_shows_the_structure_and_regions_too(
    db: Database, retro: tuple[int, int], tmp_path: Path
) -> None:
    from sprintdesk.export.pdf.handout import write_handout_pdf

    workshop_id, _ = retro
    target = tmp_path / "handout.pdf"
    write_handout_pdf(SummaryService(db).build(workshop_id), target)
    text = _pdf_text(target)
    part = text[text.index("Retro\n") :]
    assert part.index("Start 1 note") < part.index("Demo every Friday") < part.index("Stop <b> 3 notes")
    assert (
        part.index("Continue 0 notes") < part.index("Outside the structure 1 note") < part.index("Park this")
    )
