"""Undo commands for the agenda. Each acts on the model through the AgendaService.

The action is performed once before the command is pushed (so a refused edit never lands
on the stack); the command's first ``redo`` is therefore skipped.
"""

from __future__ import annotations

import datetime as dt

from sprintdesk.domain.workshop import AgendaItem
from sprintdesk.services.agenda import AgendaService, RemovedDay, RemovedItem
from sprintdesk.services.changes import Changes
from sprintdesk.ui.shared.service_command import Publish, ServiceCommand


class _AgendaCommand(ServiceCommand):
    def __init__(self, text: str, service: AgendaService, publish: Publish) -> None:
        super().__init__(text, publish)
        self.service = service


class AddItemCommand(_AgendaCommand):
    """Also used for "duplicate": the new item exists; undo removes it, redo restores it."""

    def __init__(self, text: str, service: AgendaService, publish: Publish, item_id: int) -> None:
        super().__init__(text, service, publish)
        self.item_id = item_id
        self._removed: RemovedItem | None = None

    def do(self) -> Changes:
        assert self._removed is not None
        return self.service.restore_item(self._removed)

    def revert(self) -> Changes:
        self._removed, changes = self.service.delete_item(self.item_id)
        return changes


class DeleteItemCommand(_AgendaCommand):
    def __init__(self, service: AgendaService, publish: Publish, removed: RemovedItem) -> None:
        super().__init__(f"Delete “{removed.item.title}”", service, publish)
        self._removed = removed

    def do(self) -> Changes:
        assert self._removed.item.id is not None
        self._removed, changes = self.service.delete_item(self._removed.item.id)
        return changes

    def revert(self) -> Changes:
        return self.service.restore_item(self._removed)


class EditItemCommand(_AgendaCommand):
    def __init__(
        self, service: AgendaService, publish: Publish, before: AgendaItem, after: AgendaItem
    ) -> None:
        super().__init__(f"Edit “{after.title}”", service, publish)
        self.before = before
        self.after = after

    def do(self) -> Changes:
        return self.service.update_item(self.after)

    def revert(self) -> Changes:
        return self.service.update_item(self.before)


class MoveItemCommand(_AgendaCommand):
    def __init__(
        self,
        service: AgendaService,
        publish: Publish,
        item_id: int,
        source: tuple[int, int],
        target: tuple[int, int],
        title: str,
    ) -> None:
        super().__init__(f"Move “{title}”", service, publish)
        self.item_id = item_id
        self.source = source
        self.target = target

    def do(self) -> Changes:
        return self.service.move_item(self.item_id, *self.target)

    def revert(self) -> Changes:
        return self.service.move_item(self.item_id, *self.source)


class AddDayCommand(_AgendaCommand):
    def __init__(self, service: AgendaService, publish: Publish, day_id: int) -> None:
        super().__init__("Add day", service, publish)
        self.day_id = day_id
        self._removed: RemovedDay | None = None

    def do(self) -> Changes:
        assert self._removed is not None
        return self.service.restore_day(self._removed)

    def revert(self) -> Changes:
        self._removed, changes = self.service.delete_day(self.day_id)
        return changes


class DeleteDayCommand(_AgendaCommand):
    def __init__(self, service: AgendaService, publish: Publish, removed: RemovedDay) -> None:
        super().__init__("Delete day", service, publish)
        self._removed = removed

    def do(self) -> Changes:
        assert self._removed.day.id is not None
        self._removed, changes = self.service.delete_day(self._removed.day.id)
        return changes

    def revert(self) -> Changes:
        return self.service.restore_day(self._removed)


class EditDayCommand(_AgendaCommand):
    def __init__(
        self,
        service: AgendaService,
        publish: Publish,
        day_id: int,
        before: tuple[str, dt.time],
        after: tuple[str, dt.time],
    ) -> None:
        super().__init__("Edit day", service, publish)
        self.day_id = day_id
        self.before = before
        self.after = after

    def do(self) -> Changes:
        return self.service.update_day(self.day_id, *self.after)

    def revert(self) -> Changes:
        return self.service.update_day(self.day_id, *self.before)
