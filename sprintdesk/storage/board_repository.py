"""Boards, notes and clusters in and out of the database, as domain dataclasses.

Notes come and go in bulk (an import of thousands, a board of 10,000 opened at once), so
reads select plain columns and inserts use one executemany, not one ORM object each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from sprintdesk.domain.board import Board, BoardContent, Cluster, Note, NoteColor
from sprintdesk.domain.board_structure import BoardStructure, from_json, to_json
from sprintdesk.domain.errors import ValidationError
from sprintdesk.storage.errors import NotFoundError
from sprintdesk.storage.models import BoardRow, ClusterRow, ItemRow, NoteRow, WorkshopRow
from sprintdesk.storage.workshop_repository import touch

_NOTE_COLUMNS = (
    NoteRow.id,
    NoteRow.text,
    NoteRow.x,
    NoteRow.y,
    NoteRow.color,
    NoteRow.author_id,
    NoteRow.cluster_id,
    NoteRow.covered,
    NoteRow.imported_votes,
)


def _board(row: BoardRow) -> Board:
    return Board(
        name=row.name,
        workshop_id=row.workshop_id,
        private_writing=row.private_writing,
        id=row.id,
        structure=_structure(row.structure),
    )


def _structure(text: str | None) -> BoardStructure | None:
    """Written only through ``set_structure`` (checked); one that no longer reads (edited by
    hand) shows as no structure rather than keeping the board from opening."""
    try:
        return from_json(text or "")
    except ValidationError:
        return None


def _board_row(session: Session, board_id: int) -> BoardRow:
    row = session.get(BoardRow, board_id)
    if row is None:
        raise NotFoundError(f"there is no board with id {board_id}")
    return row


def list_boards(session: Session, workshop_id: int) -> list[Board]:
    rows = session.scalars(
        select(BoardRow).where(BoardRow.workshop_id == workshop_id).order_by(BoardRow.position)
    )
    return [_board(row) for row in rows]


def note_counts(session: Session, workshop_id: int) -> dict[int, int]:
    query = (
        select(NoteRow.board_id, func.count(NoteRow.id))
        .join(BoardRow, BoardRow.id == NoteRow.board_id)
        .where(BoardRow.workshop_id == workshop_id)
        .group_by(NoteRow.board_id)
    )
    return {board_id: count for board_id, count in session.execute(query)}


def find_board(session: Session, workshop_id: int, name: str) -> Board | None:
    """The board of that name (case-insensitive, spaces collapsed), if there is one.

    Compared in Python: SQLite's lower() folds ASCII letters only, so "Über" would not even
    find itself. A workshop has a handful of boards."""
    wanted = " ".join(name.split()).casefold()
    rows = session.scalars(
        select(BoardRow).where(BoardRow.workshop_id == workshop_id).order_by(BoardRow.position)
    )
    return next((_board(row) for row in rows if " ".join(row.name.split()).casefold() == wanted), None)


def add_board(session: Session, board: Board) -> int:
    if session.get(WorkshopRow, board.workshop_id) is None:
        raise NotFoundError(f"there is no workshop with id {board.workshop_id}")
    position = session.scalar(
        select(func.coalesce(func.max(BoardRow.position) + 1, 0)).where(
            BoardRow.workshop_id == board.workshop_id
        )
    )
    row = BoardRow(
        workshop_id=board.workshop_id,
        position=position,
        name=board.name,
        private_writing=board.private_writing,
        structure=to_json(board.structure),
    )
    session.add(row)
    session.flush()
    touch(session, board.workshop_id)
    return row.id


def get_board(session: Session, board_id: int) -> Board:
    return _board(_board_row(session, board_id))


def rename_board(session: Session, board_id: int, name: str) -> None:
    _board_row(session, board_id).name = name


def set_private_writing(session: Session, board_id: int, enabled: bool) -> None:
    _board_row(session, board_id).private_writing = enabled


def set_structure(session: Session, board_id: int, structure: BoardStructure | None) -> None:
    _board_row(session, board_id).structure = to_json(structure)


def delete_board(session: Session, board_id: int) -> None:
    row = _board_row(session, board_id)
    session.delete(row)


_COLORS = {color.value: color for color in NoteColor}  # a dict lookup, not an Enum call per note


def _note(row: tuple) -> Note:  # type: ignore[type-arg]
    note_id, text, x, y, color, author_id, cluster_id, covered, imported_votes = row
    return Note(
        id=note_id,
        text=text,
        x=x,
        y=y,
        color=_COLORS[color],
        author_id=author_id,
        cluster_id=cluster_id,
        covered=covered,
        imported_votes=imported_votes,
    )


def _cluster(row: ClusterRow) -> Cluster:
    return Cluster(
        id=row.id, title=row.title, x=row.x, y=row.y, color=NoteColor(row.color), collapsed=row.collapsed
    )


def load_content(session: Session, board_id: int) -> BoardContent:
    board = get_board(session, board_id)
    note_rows = session.execute(
        select(*_NOTE_COLUMNS).where(NoteRow.board_id == board_id).order_by(NoteRow.id)
    )
    cluster_rows = session.scalars(
        select(ClusterRow).where(ClusterRow.board_id == board_id).order_by(ClusterRow.id)
    )
    return BoardContent(
        board=board,
        notes=tuple(_note(tuple(row)) for row in note_rows),
        clusters=tuple(_cluster(row) for row in cluster_rows),
    )


def load_notes(session: Session, board_id: int, note_ids: Iterable[int]) -> list[Note]:
    """Just these notes (those that still exist), for refreshing what one action changed."""
    ids = list(note_ids)
    notes: list[Note] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(
            select(*_NOTE_COLUMNS).where(NoteRow.board_id == board_id, NoteRow.id.in_(chunk))
        )
        notes.extend(_note(tuple(row)) for row in rows)
    return notes


def load_clusters(session: Session, board_id: int) -> list[Cluster]:
    rows = session.scalars(select(ClusterRow).where(ClusterRow.board_id == board_id).order_by(ClusterRow.id))
    return [_cluster(row) for row in rows]


def vote_context(session: Session, board_id: int) -> list[tuple[int, int | None, int]]:
    """(note id, cluster id, imported votes) of every note: what vote tallies need."""
    rows = session.execute(
        select(NoteRow.id, NoteRow.cluster_id, NoteRow.imported_votes).where(NoteRow.board_id == board_id)
    )
    return [(note_id, cluster_id, imported) for note_id, cluster_id, imported in rows]


def _note_values(board_id: int, note: Note) -> dict[str, object]:
    values: dict[str, object] = {
        "board_id": board_id,
        "text": note.text,
        "x": note.x,
        "y": note.y,
        "color": note.color.value,
        "author_id": note.author_id,
        "cluster_id": note.cluster_id,
        "covered": note.covered,
        "imported_votes": note.imported_votes,
    }
    if note.id is not None:
        values["id"] = note.id
    return values


def add_notes(session: Session, board_id: int, notes: Sequence[Note]) -> list[int]:
    """Insert notes in one executemany; returns their ids in order. An id set on a note is
    kept (undo of a delete puts a note back as it was)."""
    if not notes:
        return []
    _board_row(session, board_id)
    # Core, not the ORM: the ORM splits rows by which columns are empty (a .csv with some
    # authors) and joins the returned ids back quadratically (2 s for 10,000 notes).
    table = NoteRow.__table__
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
    connection = session.connection()
    kept = [_note_values(board_id, note) for note in notes if note.id is not None]
    if kept:  # executemany needs the same keys in every row: those with an id go apart
        connection.execute(statement, kept)
    fresh = [_note_values(board_id, note) for note in notes if note.id is None]
    new_ids = iter([row[0] for row in connection.execute(statement, fresh)] if fresh else [])
    return [note.id if note.id is not None else next(new_ids) for note in notes]


def update_note(session: Session, board_id: int, note: Note) -> None:
    if note.id is None:
        raise NotFoundError("a note without an id cannot be updated")
    values = _note_values(board_id, note)
    values.pop("id", None)
    result = session.execute(
        update(NoteRow).where(NoteRow.id == note.id, NoteRow.board_id == board_id).values(**values)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFoundError(f"there is no note with id {note.id} on this board")


def move_notes(session: Session, board_id: int, positions: Iterable[tuple[int, float, float]]) -> None:
    """Set (note id, x, y) for many notes in one executemany."""
    rows = [{"nid": note_id, "nx": x, "ny": y} for note_id, x, y in positions]
    if not rows:
        return
    table = NoteRow.__table__
    assert isinstance(table, Table)
    statement = (
        table.update()
        .where(table.c.id == bindparam("nid"), table.c.board_id == board_id)
        .values(x=bindparam("nx"), y=bindparam("ny"))
    )
    session.connection().execute(statement, rows)


def delete_notes(session: Session, board_id: int, note_ids: Iterable[int]) -> None:
    ids = list(note_ids)
    if ids:
        session.execute(delete(NoteRow).where(NoteRow.board_id == board_id, NoteRow.id.in_(ids)))


def add_cluster(session: Session, board_id: int, cluster: Cluster) -> int:
    _board_row(session, board_id)
    row = ClusterRow(
        id=cluster.id,
        board_id=board_id,
        title=cluster.title,
        x=cluster.x,
        y=cluster.y,
        color=cluster.color.value,
        collapsed=cluster.collapsed,
    )
    session.add(row)
    session.flush()
    return row.id


def add_clusters(session: Session, board_id: int, clusters: Sequence[Cluster]) -> list[int]:
    """New clusters in one executemany (a workshop file's); their ids in order."""
    if not clusters:
        return []
    _board_row(session, board_id)
    table = ClusterRow.__table__
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)  # type: ignore[attr-defined]
    rows = [
        {
            "board_id": board_id,
            "title": c.title,
            "x": c.x,
            "y": c.y,
            "color": c.color.value,
            "collapsed": c.collapsed,
        }
        for c in clusters
    ]
    return [row[0] for row in session.connection().execute(statement, rows)]


def update_cluster(session: Session, board_id: int, cluster: Cluster) -> None:
    row = session.get(ClusterRow, cluster.id)
    if row is None or row.board_id != board_id:
        raise NotFoundError(f"there is no cluster with id {cluster.id} on this board")
    row.title, row.x, row.y = cluster.title, cluster.x, cluster.y
    row.color, row.collapsed = cluster.color.value, cluster.collapsed


def delete_cluster(session: Session, board_id: int, cluster_id: int) -> None:
    session.execute(delete(ClusterRow).where(ClusterRow.id == cluster_id, ClusterRow.board_id == board_id))


def link_item(session: Session, item_id: int, board_id: int | None) -> None:
    row = session.get(ItemRow, item_id)
    if row is None:
        raise NotFoundError(f"there is no agenda item with id {item_id}")
    row.board_id = board_id
