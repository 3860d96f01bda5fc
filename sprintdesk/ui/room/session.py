"""One workshop's joining, for the facilitator's window: starts and stops the room server,
brings it back after a crash or a restart, and hands changes both ways.

The server calls ``on_changes`` in its own thread; that is turned into a signal of this
object (which lives in the interface thread) with a queued connection, and published to the
hub there, so the facilitator's screen never waits for the network. The facilitator's own
changes go the other way, from the hub to ``RoomServer.notify`` (never back the ones the
server itself reported).

A poll once a second reads who is online (``RoomServer.online``) and checks the "no phone
connected a minute after the join slide went up" hint, by the injected clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from sprintdesk.ui.room.backend import JoinOptions, ServerFactory

if TYPE_CHECKING:
    from sprintdesk.domain.clock import Clock
    from sprintdesk.services.changes import Changes
    from sprintdesk.services.participation import ParticipationService
    from sprintdesk.ui.shared.hub import ChangeHub
    from sprintdesk.web.address import JoinAddress
    from sprintdesk.web.server import RoomServer

POLL_MS = 1000
ROSTER_SETTLE_MS = 250  # a burst of notes refreshes the participants panel once
NO_PHONE_AFTER_S = 60.0
NO_PHONE_HINT = (
    "No phone has connected yet. Usually the Wi-Fi keeps devices apart (guest networks often "
    "do: “client isolation”) or this laptop's firewall blocks the port. Allow SprintDesk in the "
    "firewall, or turn on a phone's hotspot, connect this laptop and the phones to it, and let "
    "participants join again on its address."
)


class RoomSession(QObject):
    sig_address = Signal(object)  # JoinAddress | None: joining started, resumed or stopped
    sig_roster = Signal()  # people, devices, held notes or who is online changed
    sig_hint = Signal(str)  # for the facilitator only; "" takes it back
    sig_error = Signal(str)  # a one-line problem, said where the facilitator looks
    sig_server_changes = Signal(object)  # Changes, emitted in the server's thread

    def __init__(
        self,
        workshop_id: int,
        participation: ParticipationService,
        make_server: ServerFactory,
        hub: ChangeHub,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workshop_id = workshop_id
        self.participation = participation
        self._make_server = make_server
        self._hub = hub
        self._clock = clock
        self.server: RoomServer | None = None
        self.address: JoinAddress | None = None
        self.online: dict[int, int] = {}
        self._relaying = False
        self._slide_up_at: float | None = None
        self._phone_seen = False
        self._phones_before = 0
        self.hint = ""
        self.sig_server_changes.connect(self._from_server, Qt.ConnectionType.QueuedConnection)
        hub.sig_changed.connect(self._to_server)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.poll)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(ROSTER_SETTLE_MS)
        self._settle.timeout.connect(self.sig_roster.emit)

    @property
    def running(self) -> bool:
        return self.server is not None and self.server.running

    # -- starting and stopping -----------------------------------------------------------------
    def start(self, options: JoinOptions) -> str | None:
        """Save the facilitator's choices, then listen; the problem in one line, or None."""
        from sprintdesk.domain.participation import JoinPolicy
        from sprintdesk.ui.shared.service_runner import ServiceRunner

        problem: list[str] = []
        runner = ServiceRunner(self._hub, problem.append)
        policy = JoinPolicy(options.anonymous, options.allow_new_names, options.moderation, options.board_id)
        done = runner.run(lambda: self.participation.set_policy(self.workshop_id, policy))
        if done is None:
            return problem[0] if problem else "The choices were not saved."
        return self._listen(options.host, options.port)

    def resume(self) -> None:
        """Joining was on when SprintDesk stopped (a crash, a restart): listen again on the
        same address, with the same secret and room code, so the phones come back."""
        state = self.participation.resume_address(self.workshop_id)
        if state is None or self.running:
            return
        problem = self._listen(state.host, state.port)
        if problem is not None:
            self.sig_error.emit(
                f"Joining did not resume on {state.host}:{state.port}. {problem} "
                "Start it again with “Let participants join…”."
            )

    def _listen(self, host: str, port: int | None) -> str | None:
        from sprintdesk.web.address import ServerError

        self.shutdown()
        server = self._make_server(self.workshop_id, self.sig_server_changes.emit)
        try:
            address = server.start(host, port)
        except ServerError as error:
            return " ".join(str(error).split())
        self.server, self.address = server, address
        self._phone_seen, self._slide_up_at = False, None
        self._phones_before = self._phones()
        self._set_hint("")
        self.online = {}
        self._poll.start()
        self.sig_address.emit(address)
        self.sig_roster.emit()
        return None

    def stop(self) -> None:
        """Stop joining: every connection closes, nothing listens; notes and dots stay."""
        from sprintdesk.ui.shared.service_runner import ServiceRunner

        self.shutdown()
        ServiceRunner(self._hub, self.sig_error.emit).run(
            lambda: self.participation.close_joining(self.workshop_id)
        )

    def shutdown(self) -> None:
        """Close the server (the window closes): joining stays on, to resume next time."""
        server, self.server = self.server, None
        had = self.address is not None
        self.address = None
        self._poll.stop()
        self._slide_up_at = None
        self._set_hint("")
        if server is not None:
            server.stop()
        self.online = {}
        if had:
            self.sig_address.emit(None)
            self.sig_roster.emit()

    # -- the facilitator's actions ------------------------------------------------------------------
    def run(self, call: Callable[[], object]) -> bool:
        from sprintdesk.ui.shared.service_runner import ServiceRunner

        return ServiceRunner(self._hub, self.sig_error.emit).run(call) is not None

    # -- changes both ways --------------------------------------------------------------------
    def _from_server(self, changes: Changes) -> None:
        """In the interface thread: what a phone did, to every view."""
        self._relaying = True
        try:
            self._hub.publish(changes)
        finally:
            self._relaying = False
        self._settle.start()

    def _to_server(self, changes: Changes) -> None:
        if self._relaying:
            return
        if self.server is not None and self.server.running:
            self.server.notify(changes)
        if changes.room or changes.note_ids or changes.votes:
            self._settle.start()

    # -- who is online, and the hint ----------------------------------------------------------
    def slide_shown(self, shown: bool) -> None:
        """The join slide went up (the minute starts, once per start) or down."""
        if shown and self._slide_up_at is None and self.running:
            self._slide_up_at = self._clock.monotonic()
        self.poll()

    def poll(self) -> None:
        if self.server is None:
            return
        online = self.server.online()
        if online:
            self._phone_seen = True
        if online != self.online:
            self.online = online
            self.sig_roster.emit()
        up_at = self._slide_up_at
        waited = up_at is not None and self._clock.monotonic() - up_at >= NO_PHONE_AFTER_S
        if waited and not self._phone_seen and self._phones() > self._phones_before:
            self._phone_seen = True  # one joined (and closed the page since)
        self._set_hint(NO_PHONE_HINT if waited and not self._phone_seen else "")

    def _phones(self) -> int:
        """Phones let in to this workshop (a new one counts, also when it left again)."""
        return sum(row.devices for row in self.participation.roster(self.workshop_id))

    def _set_hint(self, text: str) -> None:
        if text != self.hint:
            self.hint = text
            self.sig_hint.emit(text)
