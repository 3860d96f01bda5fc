"""Undo commands for the board. Each acts on the model through the services. As in the
agenda editor, the action is done once before the command is pushed (a refused action
never reaches the stack), so the first ``redo`` is skipped."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from sprintdesk.domain.board import Cluster, Note
from sprintdesk.domain.board_structure import BoardStructure
from sprintdesk.domain.voting import Vote, VoteRules
from sprintdesk.services.boards import BoardService
from sprintdesk.services.changes import Changes
from sprintdesk.services.voting import VotingService
from sprintdesk.ui.shared.service_command import Publish, ServiceCommand


class _BoardCommand(ServiceCommand):
    def __init__(self, text: str, boards: BoardService, board_id: int, publish: Publish) -> None:
        super().__init__(text, publish)
        self.boards = boards
        self.board_id = board_id


class AddNotesCommand(_BoardCommand):
    def __init__(
        self, boards: BoardService, board_id: int, publish: Publish, note_ids: Sequence[int]
    ) -> None:
        count = len(note_ids)
        super().__init__(f"Add {count} note{'s' if count != 1 else ''}", boards, board_id, publish)
        self.note_ids = list(note_ids)
        self._removed: list[Note] = []

    def do(self) -> Changes:
        return self.boards.restore_notes(self.board_id, self._removed)

    def revert(self) -> Changes:
        self._removed, changes = self.boards.delete_notes(self.board_id, self.note_ids)
        return changes


class DeleteNotesCommand(_BoardCommand):
    """Undo puts the notes back with the dots they had in the current vote."""

    def __init__(
        self,
        boards: BoardService,
        board_id: int,
        publish: Publish,
        removed: Sequence[Note],
        voting: VotingService | None = None,
        votes: Sequence[Vote] = (),
        outcome_links: Sequence[tuple[int, int]] = (),
    ) -> None:
        count = len(removed)
        super().__init__(f"Delete {count} note{'s' if count != 1 else ''}", boards, board_id, publish)
        self.removed = list(removed)
        self.voting = voting
        self.votes = list(votes)
        self.outcome_links = list(outcome_links)  # (outcome, note): decisions made from them

    def do(self) -> Changes:
        _removed, changes = self.boards.delete_notes(self.board_id, [n.id or 0 for n in self.removed])
        return changes

    def revert(self) -> Changes:
        changes = self.boards.restore_notes(self.board_id, self.removed)
        if self.outcome_links:
            changes = changes.merge(self.boards.relink_outcomes(self.outcome_links))
        if self.voting is not None:
            from sprintdesk.services.errors import ValidationError

            for vote in self.votes:
                try:
                    changes = changes.merge(self.voting.restore(self.board_id, vote))
                except ValidationError:
                    break  # that vote is over; the notes come back without its dots
        return changes


class UpdateNotesCommand(_BoardCommand):
    """Any change to whole notes: text, colour, place, cluster. Nudges with the same merge key
    (the same selection moved by the arrow keys) become one step."""

    def __init__(
        self,
        text: str,
        boards: BoardService,
        board_id: int,
        publish: Publish,
        before: Sequence[Note],
        after: Sequence[Note],
        merge_key: str = "",
        cluster: tuple[Cluster, Cluster] | None = None,
    ) -> None:
        super().__init__(text, boards, board_id, publish)
        self.before = list(before)
        self.after = list(after)
        self.merge_key = merge_key
        self.cluster = cluster

    def id(self) -> int:
        return (hash(self.merge_key) & 0x7FFFFFFF) if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, UpdateNotesCommand)
            or other.merge_key != self.merge_key
            or not self.merge_key
        ):
            return False
        self.after = other.after
        return True

    def _apply(self, notes: list[Note], cluster: Cluster | None) -> Changes:
        changes = self.boards.update_notes(self.board_id, notes)
        if cluster is not None:
            changes = changes.merge(self.boards.update_cluster(self.board_id, cluster))
        return changes

    def do(self) -> Changes:
        return self._apply(self.after, self.cluster[1] if self.cluster else None)

    def revert(self) -> Changes:
        return self._apply(self.before, self.cluster[0] if self.cluster else None)


class GroupCommand(_BoardCommand):
    def __init__(
        self,
        boards: BoardService,
        board_id: int,
        publish: Publish,
        cluster: Cluster,
        before: Sequence[Note],
        after: Sequence[Note],
    ) -> None:
        super().__init__(f"Group as “{cluster.title}”", boards, board_id, publish)
        self.cluster = cluster
        self.before = list(before)
        self.after = list(after)

    def do(self) -> Changes:
        return self.boards.restore_cluster(self.board_id, self.cluster, self.after)

    def revert(self) -> Changes:
        changes = self.boards.ungroup(self.board_id, self.cluster.id or 0)
        return changes.merge(self.boards.update_notes(self.board_id, self.before))


class UngroupCommand(_BoardCommand):
    def __init__(
        self, boards: BoardService, board_id: int, publish: Publish, cluster: Cluster, members: Sequence[Note]
    ) -> None:
        super().__init__(f"Ungroup “{cluster.title}”", boards, board_id, publish)
        self.cluster = cluster
        self.members = list(members)

    def do(self) -> Changes:
        return self.boards.ungroup(self.board_id, self.cluster.id or 0)

    def revert(self) -> Changes:
        return self.boards.restore_cluster(self.board_id, self.cluster, self.members)


class EditClusterCommand(_BoardCommand):
    def __init__(
        self,
        text: str,
        boards: BoardService,
        board_id: int,
        publish: Publish,
        before: Cluster,
        after: Cluster,
    ) -> None:
        super().__init__(text, boards, board_id, publish)
        self.before, self.after = before, after

    def do(self) -> Changes:
        return self.boards.update_cluster(self.board_id, self.after)

    def revert(self) -> Changes:
        return self.boards.update_cluster(self.board_id, self.before)


class VoteCommand(_BoardCommand):
    """A dot entered for a participant (or, with ``take_back``, one taken away)."""

    def __init__(
        self,
        boards: BoardService,
        voting: VotingService,
        board_id: int,
        publish: Publish,
        vote: Vote,
        take_back: bool,
        who: str,
    ) -> None:
        super().__init__(f"{'Take back' if take_back else 'Dot'} for {who}", boards, board_id, publish)
        self.voting = voting
        self.vote = vote
        self.take_back = take_back

    def _cast(self) -> Changes:
        vote_id, changes = self.voting.cast(
            self.board_id, self.vote.participant_id, self.vote.note_id, self.vote.supervote
        )
        self.vote = Vote(self.vote.participant_id, self.vote.note_id, self.vote.supervote, id=vote_id)
        return changes

    def _retract(self) -> Changes:
        _vote, changes = self.voting.retract(self.board_id, self.vote.id or 0)
        return changes

    def do(self) -> Changes:
        return self._retract() if self.take_back else self._cast()

    def revert(self) -> Changes:
        return self._cast() if self.take_back else self._retract()


class StartVoteCommand(_BoardCommand):
    def __init__(
        self,
        boards: BoardService,
        voting: VotingService,
        board_id: int,
        publish: Publish,
        session_id: int,
        rules: VoteRules,
    ) -> None:
        super().__init__("Start a vote", boards, board_id, publish)
        self.voting, self.session_id, self.rules = voting, session_id, rules

    def do(self) -> Changes:
        self.session_id, changes = self.voting.start_vote(self.board_id, self.rules)
        return changes

    def revert(self) -> Changes:
        return self.voting.cancel(self.board_id, self.session_id)


class RevealVotesCommand(_BoardCommand):
    def __init__(
        self, boards: BoardService, voting: VotingService, board_id: int, publish: Publish, revealed: bool
    ) -> None:
        super().__init__("Reveal votes" if revealed else "Hide votes", boards, board_id, publish)
        self.voting, self.revealed = voting, revealed

    def do(self) -> Changes:
        return self.voting.reveal(self.board_id, self.revealed)

    def revert(self) -> Changes:
        return self.voting.reveal(self.board_id, not self.revealed)


class PrivateWritingCommand(_BoardCommand):
    def __init__(self, boards: BoardService, board_id: int, publish: Publish, enabled: bool) -> None:
        super().__init__(
            "Private writing on" if enabled else "Private writing off", boards, board_id, publish
        )
        self.enabled = enabled

    def do(self) -> Changes:
        return self.boards.set_private_writing(self.board_id, self.enabled)

    def revert(self) -> Changes:
        return self.boards.set_private_writing(self.board_id, not self.enabled)


class SetStructureCommand(_BoardCommand):
    """The board's structure set, edited or removed; notes stay where they are."""

    def __init__(
        self,
        boards: BoardService,
        board_id: int,
        publish: Publish,
        before: BoardStructure | None,
        after: BoardStructure | None,
    ) -> None:
        text = "Remove the board structure" if after is None else f"Structure: {after.kind.label.lower()}"
        super().__init__(text, boards, board_id, publish)
        self.before, self.after = before, after

    def do(self) -> Changes:
        return self.boards.structures.set_structure(self.board_id, self.after)

    def revert(self) -> Changes:
        return self.boards.structures.set_structure(self.board_id, self.before)
