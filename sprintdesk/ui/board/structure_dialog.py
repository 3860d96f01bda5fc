"""The "Structure…" dialog: pick a ready-made structure (or none) for the board and adjust it:
the kind, how many columns or lanes, their titles, and for a 2x2 grid its axis labels.

Tests fill the widgets and call ``accept()``; a value the domain refuses is said in the
dialog, which stays open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sprintdesk.domain.board_structure import (
    MAX_REGIONS,
    Axis,
    BoardStructure,
    StructureKind,
    build_structure,
)
from sprintdesk.domain.board_structure_presets import PRESETS, preset
from sprintdesk.domain.errors import ValidationError

NONE = "none"
CURRENT = "current"
_NOUNS = {
    StructureKind.COLUMNS: "Column",
    StructureKind.LANES: "Lane",
    StructureKind.QUADRANTS: "Quadrant",
    StructureKind.GRID: "Quadrant",
}
_PLACES = ("top left", "top right", "bottom left", "bottom right")


@dataclass(frozen=True, slots=True)
class StructureChoice:
    """What the dialog was left with; ``kind`` None means no structure."""

    kind: StructureKind | None
    titles: tuple[str, ...] = ()
    x_axis: Axis | None = None
    y_axis: Axis | None = None
    room: float | None = None  # a factor on the default size per region; None keeps the size


ROOM = (  # (label, factor on each side of a region's default size)
    ("About 15 notes a region (fits a laptop screen)", 1.0),
    ("About 30 notes a region", 1.45),
    ("About 60 notes a region (a big wall)", 2.0),
)


class StructureDialog(QDialog):
    def __init__(
        self,
        current: BoardStructure | None,
        parent: QWidget | None = None,
        apply: Callable[[StructureChoice], str | None] | None = None,
    ) -> None:
        """``apply`` makes the change on OK and says why not, if refused: the dialog then stays
        open with the reason."""
        super().__init__(parent)
        self._apply = apply
        self.setWindowTitle("Board structure")
        self.setMinimumWidth(520)
        self.current = current
        self.preset = QComboBox()
        if current is not None:
            self.preset.addItem(f"Keep this board's {current.kind.label.lower()} and edit them", CURRENT)
        self.preset.addItem("No structure (a free board)", NONE)
        for candidate in PRESETS:
            self.preset.addItem(candidate.name, candidate.key)
        self.kind = QComboBox()
        for kind in StructureKind:
            self.kind.addItem(kind.label, kind.value)
        self.count = QSpinBox()
        self.count.setRange(1, MAX_REGIONS)
        self.count_label = QLabel("Number of columns:")
        self.room = QComboBox()
        self.room.setToolTip("How big each region is; a full region takes more notes over its cells")
        if current is not None:
            self.room.addItem("Keep the current size", None)
        for label, factor in ROOM:
            self.room.addItem(label, factor)
        self.title_edits: list[QLineEdit] = []
        self.titles_box = QGroupBox("Titles")
        self.titles_form = QFormLayout(self.titles_box)
        self.axes_box = self._axes_box()
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.hint = QLabel(
            "Notes stay where they are; each note belongs to the region under its centre. "
            "A new structure is placed above the notes already on the board."
        )
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout()
        form.addRow("Start from:", self.preset)
        form.addRow("Kind:", self.kind)
        form.addRow(self.count_label, self.count)
        form.addRow("Room:", self.room)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.titles_box)
        layout.addWidget(self.axes_box)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.kind.currentIndexChanged.connect(lambda _i: self._shape_changed())
        self.count.valueChanged.connect(lambda _v: self._shape_changed())
        self._preset_chosen()

    def _axes_box(self) -> QGroupBox:
        """The 2x2 grid's axes: a label, and what its low and high ends are called."""
        box = QGroupBox("Axes")
        axes = QFormLayout(box)
        self.x_label, self.x_low, self.x_high = QLineEdit(), QLineEdit(), QLineEdit()
        self.y_label, self.y_low, self.y_high = QLineEdit(), QLineEdit(), QLineEdit()
        for label, edits, hint in (
            ("Horizontal axis (→):", (self.x_label, self.x_low, self.x_high), "Effort"),
            ("Vertical axis (↑):", (self.y_label, self.y_low, self.y_high), "Impact"),
        ):
            edits[0].setPlaceholderText(hint)
            edits[1].setPlaceholderText("low")
            edits[2].setPlaceholderText("high")
            row = QHBoxLayout()
            row.addWidget(edits[0], 3)
            row.addWidget(QLabel("from"))
            row.addWidget(edits[1], 2)
            row.addWidget(QLabel("to"))
            row.addWidget(edits[2], 2)
            axes.addRow(label, row)
        return box

    # -- filling -----------------------------------------------------------------------------
    def choose(self, key: str) -> None:
        """Pick a preset by key (or "none", or "current")."""
        index = self.preset.findData(key)
        if index < 0:
            raise KeyError(key)
        self.preset.setCurrentIndex(index)

    def _preset_chosen(self) -> None:
        key = self.preset.currentData()
        if key == NONE:
            self._enable(False)
            return
        self._enable(True)
        if key == CURRENT and self.current is not None:
            self._fill(self.current.kind, self.current.titles, self.current.x_axis, self.current.y_axis)
        else:
            chosen = preset(str(key))
            self._fill(chosen.kind, chosen.titles, chosen.x_axis, chosen.y_axis)

    def _fill(
        self, kind: StructureKind, titles: tuple[str, ...], x_axis: Axis | None, y_axis: Axis | None
    ) -> None:
        for widget in (self.kind, self.count):
            widget.blockSignals(True)
        self.kind.setCurrentIndex(self.kind.findData(kind.value))
        self.count.setValue(len(titles))
        for widget in (self.kind, self.count):
            widget.blockSignals(False)
        self._shape_changed(titles)
        for axis, edits in (
            (x_axis, (self.x_label, self.x_low, self.x_high)),
            (y_axis, (self.y_label, self.y_low, self.y_high)),
        ):
            values = (axis.label, axis.low, axis.high) if axis is not None else ("", "low", "high")
            for edit, value in zip(edits, values, strict=True):
                edit.setText(value)

    def _shape_changed(self, titles: tuple[str, ...] | None = None) -> None:
        """The title rows follow the kind and the number of regions; typed titles are kept."""
        kind = self.selected_kind()
        fixed = kind.fixed_count
        self.count.setVisible(fixed is None)
        self.count_label.setVisible(fixed is None)
        self.count_label.setText("Number of lanes:" if kind is StructureKind.LANES else "Number of columns:")
        wanted = fixed if fixed is not None else self.count.value()
        kept = list(titles) if titles is not None else [edit.text() for edit in self.title_edits]
        while self.titles_form.rowCount():
            self.titles_form.removeRow(0)
        self.title_edits = []
        for index in range(wanted):
            edit = QLineEdit(kept[index] if index < len(kept) else "")
            if kind is StructureKind.GRID:
                edit.setPlaceholderText("optional: named by its axes")
            place = f" ({_PLACES[index]})" if fixed is not None else ""
            self.titles_form.addRow(f"{_NOUNS[kind]} {index + 1}{place}:", edit)
            self.title_edits.append(edit)
        self.axes_box.setVisible(kind is StructureKind.GRID)
        self.error.clear()

    def _enable(self, enabled: bool) -> None:
        for widget in (self.kind, self.count, self.room, self.titles_box, self.axes_box):
            widget.setEnabled(enabled)

    # -- reading -----------------------------------------------------------------------------
    def selected_kind(self) -> StructureKind:
        return StructureKind(self.kind.currentData())

    def choice(self) -> StructureChoice:
        if self.preset.currentData() == NONE:
            return StructureChoice(None)
        kind = self.selected_kind()
        axes: tuple[Axis | None, Axis | None] = (None, None)
        if kind is StructureKind.GRID:
            axes = (
                Axis(self.x_label.text(), self.x_low.text(), self.x_high.text()),
                Axis(self.y_label.text(), self.y_low.text(), self.y_high.text()),
            )
        return StructureChoice(
            kind, tuple(edit.text() for edit in self.title_edits), *axes, room=self.room.currentData()
        )

    def accept(self) -> None:
        choice = self.choice()
        if choice.kind is not None:
            try:
                build_structure(choice.kind, choice.titles, x_axis=choice.x_axis, y_axis=choice.y_axis)
            except ValidationError as error:
                self.error.setText(str(error))
                return
        refused = self._apply(choice) if self._apply is not None else None
        if refused:
            self.error.setText(refused)
            return
        super().accept()
