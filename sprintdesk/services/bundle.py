"""Every service of one open database, built once by the composition root and handed to the
windows as one value (instead of fifteen keyword arguments)."""

from __future__ import annotations

import dataclasses

from sprintdesk.domain.clock import Clock
from sprintdesk.services.agenda import AgendaService
from sprintdesk.services.boards import BoardService
from sprintdesk.services.exports import ExportService
from sprintdesk.services.note_import import NoteImportService
from sprintdesk.services.outcomes import OutcomeService
from sprintdesk.services.participation import ParticipationService
from sprintdesk.services.personal_templates import PersonalTemplateService
from sprintdesk.services.series import SeriesService
from sprintdesk.services.templates import TemplateService
from sprintdesk.services.voting import VotingService
from sprintdesk.services.workshop_file import WorkshopFileService
from sprintdesk.services.workshops import WorkshopService
from sprintdesk.storage.database import Database


@dataclasses.dataclass(frozen=True, slots=True)
class Services:
    workshops: WorkshopService
    agenda: AgendaService
    boards: BoardService
    voting: VotingService
    note_import: NoteImportService
    exports: ExportService
    workshop_files: WorkshopFileService
    templates: TemplateService
    personal_templates: PersonalTemplateService
    outcomes: OutcomeService
    series: SeriesService
    participation: ParticipationService

    @classmethod
    def of(cls, db: Database, clock: Clock) -> Services:
        return cls(
            workshops=WorkshopService(db),
            agenda=AgendaService(db),
            boards=BoardService(db),
            voting=VotingService(db, clock),
            note_import=NoteImportService(db),
            exports=ExportService(db, clock),
            workshop_files=WorkshopFileService(db, clock),
            templates=TemplateService(db),
            personal_templates=PersonalTemplateService(db, clock),
            outcomes=OutcomeService(db, clock),
            series=SeriesService(db),
            participation=ParticipationService(db, clock),
        )
