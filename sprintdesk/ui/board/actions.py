"""What the facilitator does on a board, turned into undoable service calls. The panel wires
its buttons and the view's signals to these methods; every change goes through the
services and comes back as Changes through the hub."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoStack

from sprintdesk.domain.board import Cluster, Note, NoteColor
from sprintdesk.domain.board_geometry import NOTE_HEIGHT, NOTE_WIDTH, arrange_clear, tidy_board
from sprintdesk.domain.voting import Vote, VoteRules
from sprintdesk.services.boards import BoardService
from sprintdesk.services.changes import Changes
from sprintdesk.services.voting import VotingService
from sprintdesk.ui.board.commands import (
    AddNotesCommand,
    DeleteNotesCommand,
    EditClusterCommand,
    GroupCommand,
    PrivateWritingCommand,
    RevealVotesCommand,
    StartVoteCommand,
    UngroupCommand,
    UpdateNotesCommand,
    VoteCommand,
)
from sprintdesk.ui.board.scene import BoardScene
from sprintdesk.ui.board.view import Move
from sprintdesk.ui.shared.service_runner import ServiceRunner


class BoardActions:
    def __init__(
        self,
        boards: BoardService,
        voting: VotingService,
        scene: BoardScene,
        undo_stack: QUndoStack,
        calls: ServiceRunner,
    ) -> None:
        self.boards = boards
        self.voting = voting
        self.scene = scene
        self.stack = undo_stack
        self.calls = calls  # runs the service calls; says why one failed, in the panel's status line
        self.publish: Callable[[Changes], None] = calls.hub.publish if calls.hub else lambda _c: None
        self.report = calls.report
        self.board_id: int | None = None
        self.color = NoteColor.YELLOW
        self.author_id: int | None = None
        self.voter: int | None = None
        self.supervote = False

    def _notes(self, ids: Sequence[int]) -> list[Note]:
        return [self.scene.note(i) for i in ids if i in self.scene.notes]

    # -- notes -----------------------------------------------------------------------------
    def add_text(
        self, text: str, at: tuple[float, float] | None = None, near: tuple[float, float] | None = None
    ) -> list[int]:
        """Typed or pasted text: a note per non-empty line (into the region under ``near``
        on a board with a structure)."""
        if self.board_id is None or not text.strip():
            return []
        board_id = self.board_id
        result = self.calls.run(
            lambda: self.boards.add_notes(
                board_id,
                [text],
                color=self.color,
                author_id=self.author_id,
                at=at,
                near=near,
                existing=[item.note for item in self.scene.notes.values()],
            )
        )
        if result is None:
            return []
        ids, _changes = result
        self.stack.push(AddNotesCommand(self.boards, board_id, self.publish, ids))
        return list(ids)

    def edit_text(self, note_id: int, text: str) -> bool:
        """False when the edit was not saved (the caller gives the text back to the person)."""
        before = self._notes([note_id])
        after = [dataclasses.replace(n, text=text.strip()) for n in before]
        return self._update("Edit note", before, after)

    def _update(
        self,
        label: str,
        before: list[Note],
        after: list[Note],
        merge_key: str = "",
        cluster: tuple[Cluster, Cluster] | None = None,
    ) -> bool:
        if self.board_id is None or (before == after and cluster is None):
            return True
        board_id = self.board_id

        def apply() -> Changes:
            changes = self.boards.update_notes(board_id, after)
            if cluster is not None:
                changes = changes.merge(self.boards.update_cluster(board_id, cluster[1]))
            return changes

        changes = self.calls.run(apply)
        if changes is None:
            self.publish(Changes(board_id=board_id))  # put the items back where the model says
            return False
        self.stack.push(
            UpdateNotesCommand(label, self.boards, board_id, self.publish, before, after, merge_key, cluster)
        )
        return True

    def moved(
        self, moves: list[Move], cluster_move: tuple[int, float, float, float, float] | None, key: str
    ) -> None:
        """Notes dragged or nudged: one undo step per drag; repeated nudges merge. A note
        dropped inside a cluster joins it; dragged out, it leaves."""
        before = self._notes([m[0] for m in moves])
        after = []
        for note, (_id, _x0, _y0, x, y) in zip(before, moves, strict=True):
            cluster_id = note.cluster_id
            if cluster_move is None:
                cluster_id = self.scene.cluster_at(x + NOTE_WIDTH / 2, y + NOTE_HEIGHT / 2)
            after.append(dataclasses.replace(note, x=x, y=y, cluster_id=cluster_id))
        cluster = None
        if cluster_move is not None:
            cid, x0, y0, x1, y1 = cluster_move
            old = self.scene.clusters[cid].cluster
            cluster = (dataclasses.replace(old, x=x0, y=y0), dataclasses.replace(old, x=x1, y=y1))
        count = len(moves)
        label = f"Move {count} note{'s' if count != 1 else ''}" if cluster is None else "Move cluster"
        self._update(label, before, after, key, cluster)

    def delete_selected(self) -> None:
        if self.board_id is None:
            return
        ids = self.scene.selected_note_ids()
        if not ids:
            cluster = self.scene.selected_cluster()
            if cluster is not None:
                self.ungroup(cluster.cluster_id)
            return
        board_id = self.board_id
        wanted = set(ids)
        votes = [v for v in self.voting.state(board_id).votes if v.note_id in wanted]
        links = self.boards.outcome_links(ids)
        result = self.calls.run(lambda: self.boards.delete_notes(board_id, ids))
        if result is None:
            return
        removed, _changes = result
        self.stack.push(
            DeleteNotesCommand(self.boards, board_id, self.publish, removed, self.voting, votes, links)
        )

    def set_color(self, color: NoteColor) -> None:
        """Colour the selection (notes, or the selected cluster); new notes get it too."""
        self.color = color
        ids = self.scene.selected_note_ids()
        if ids:
            before = self._notes(ids)
            self._update("Colour notes", before, [dataclasses.replace(n, color=color) for n in before])
            return
        cluster = self.scene.selected_cluster()
        if cluster is not None:
            self.edit_cluster("Colour cluster", dataclasses.replace(cluster.cluster, color=color))

    # -- clusters --------------------------------------------------------------------------
    def group(self, title: str) -> int | None:
        ids = self.scene.selected_note_ids()
        if self.board_id is None or not ids:
            self.report("Select the notes to group first (drag a rectangle around them).")
            return None
        board_id = self.board_id
        board = {note_id: item.note for note_id, item in self.scene.notes.items()}  # as it was
        result = self.calls.run(lambda: self.boards.group(board_id, ids, title))
        if result is None:
            return None
        cluster_id, changes = result
        # The members and the loose notes moved out of the new frame, as they were and are.
        before = [board[i] for i in sorted(changes.note_ids) if i in board]
        content = self.boards.load(board_id)
        cluster = next(c for c in content.clusters if c.id == cluster_id)
        after = [n for n in content.notes if n.id in changes.note_ids]
        self.stack.push(GroupCommand(self.boards, board_id, self.publish, cluster, before, after))
        return int(cluster_id)

    def ungroup(self, cluster_id: int) -> None:
        if self.board_id is None or cluster_id not in self.scene.clusters:
            return
        board_id = self.board_id
        cluster = self.scene.clusters[cluster_id].cluster
        members = [i.note for i in self.scene.notes.values() if i.note.cluster_id == cluster_id]
        if self.calls.run(lambda: self.boards.ungroup(board_id, cluster_id)) is None:
            return
        self.stack.push(UngroupCommand(self.boards, board_id, self.publish, cluster, members))

    def edit_cluster(self, label: str, after: Cluster) -> None:
        if self.board_id is None or after.id not in self.scene.clusters:
            return
        board_id = self.board_id
        before = self.scene.clusters[after.id].cluster
        if before == after:
            return
        if self.calls.run(lambda: self.boards.update_cluster(board_id, after)) is None:
            return
        self.stack.push(EditClusterCommand(label, self.boards, board_id, self.publish, before, after))

    def arrange(self, cluster_id: int) -> None:
        """Neat rows inside the cluster; what its frame would then cover moves out of it."""
        if cluster_id not in self.scene.clusters:
            return
        cluster = self.scene.clusters[cluster_id].cluster
        notes = [item.note for item in self.scene.notes.values()]
        clusters = [item.cluster for item in self.scene.clusters.values()]
        before, after, moved = arrange_clear(
            cluster, notes, clusters, self.scene.structure
        )  # what is in the way moves
        self._update("Arrange cluster", before, after, cluster=moved)

    def tidy(self) -> None:
        """Clusters in a grid, each arranged, loose notes left where they are unless a tidied
        cluster now covers them. On a board with a structure each region's clusters are tidied
        inside their region. One undo step for the whole tidy, one change per cluster."""
        clusters = [item.cluster for item in self.scene.clusters.values()]
        if not clusters:
            self.report("There are no clusters to tidy yet.")
            return
        notes = [item.note for item in self.scene.notes.values()]
        self.stack.beginMacro("Tidy board")
        for step in tidy_board(self.scene.structure, clusters, notes):
            label = "Tidy cluster" if step.cluster is not None else "Move loose notes clear"
            self._update(label, list(step.before), list(step.after), cluster=step.cluster)
        self.stack.endMacro()

    # -- voting ----------------------------------------------------------------------------
    def start_vote(self, rules: VoteRules) -> bool:
        if self.board_id is None:
            return False
        board_id = self.board_id
        result = self.calls.run(lambda: self.voting.start_vote(board_id, rules))
        if result is None:
            return False
        session_id, _changes = result
        self.stack.push(StartVoteCommand(self.boards, self.voting, board_id, self.publish, session_id, rules))
        return True

    def reveal(self, revealed: bool) -> None:
        if self.board_id is None:
            return
        board_id = self.board_id
        if self.calls.run(lambda: self.voting.reveal(board_id, revealed)) is not None:
            self.stack.push(RevealVotesCommand(self.boards, self.voting, board_id, self.publish, revealed))

    def set_private_writing(self, enabled: bool) -> None:
        if self.board_id is None:
            return
        board_id = self.board_id
        if self.calls.run(lambda: self.boards.set_private_writing(board_id, enabled)) is not None:
            self.stack.push(PrivateWritingCommand(self.boards, board_id, self.publish, enabled))

    # -- voting: dots ----------------------------------------------------------------------------
    def vote(self, note_id: int, take_back: bool, who: str) -> None:
        if self.board_id is None:
            return
        if self.voter is None:
            self.report("Pick who is voting first (in the list on the right, or press 1–9).")
            return
        board_id, voter = self.board_id, self.voter
        if take_back:
            state = self.voting.state(board_id)
            mine = [v for v in state.votes if v.participant_id == voter and v.note_id == note_id]
            if not mine:
                self.report(f"{who} has no dot on that note.")
                return
            vote = mine[-1]
            if self.calls.run(lambda: self.voting.retract(board_id, vote.id or 0)) is None:
                return
        else:
            cast = self.calls.run(lambda: self.voting.cast(board_id, voter, note_id, self.supervote))
            if cast is None:
                return
            vote = Vote(voter, note_id, self.supervote, id=cast[0])
        self.stack.push(VoteCommand(self.boards, self.voting, board_id, self.publish, vote, take_back, who))
