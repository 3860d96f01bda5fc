"""New export files through the services (as the app writes them): 0666 less the umask,
for every kind; see tests/cli/test_cli_export_permissions.py for the command line."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from sprintdesk.samples import Sample
from sprintdesk.services.bundle import Services


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_services_write_new_files_with_the_umask_mode(
    services: Services, sample: Sample, tmp_path: Path, mask: int, mode: int
) -> None:
    old = os.umask(mask)
    try:
        exports = services.exports
        summary = exports.summary(sample.workshop_id)
        exports.pdf("summary", summary, tmp_path / "s.pdf")
        exports.pdf("handout", summary, tmp_path / "h.pdf")
        exports.markdown(summary, tmp_path / "s.md")
        exports.notes_csv(summary, tmp_path / "n.csv")
        services.workshop_files.export(sample.workshop_id, tmp_path / "w.json")
    finally:
        os.umask(old)
    names = ("s.pdf", "h.pdf", "s.md", "n.csv", "w.json")
    assert {name: stat.S_IMODE((tmp_path / name).stat().st_mode) for name in names} == dict.fromkeys(
        names, mode
    )
