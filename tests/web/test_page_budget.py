"""The participant page's budget and hygiene, read from the files themselves (no browser):
under 60 KB, nothing inline (the strict CSP refuses it), nothing from the internet, no API
that needs a secure context, participant text never parsed as HTML, every field labelled,
and the element ids the tests and the contract name."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "resources" / "participant"
FILES = ("index.html", "app.js", "style.css", "icon.svg")
CONTRACT_IDS = (
    "code-form",
    "code-input",
    "code-submit",
    "join-form",
    "name-select",
    "name-input",
    "role-select",
    "join-submit",
    "item-title",
    "item-instructions",
    "timer",
    "timer-live",
    "note-form",
    "note-input",
    "note-submit",
    "note-count",
    "my-notes",
    "vote",
    "dots-left",
    "results",
    "status",
)


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


def parsed() -> Page:
    page = Page()
    page.feed((PAGE / "index.html").read_text(encoding="utf-8"))
    return page


def test_the_page_is_the_four_files_and_under_60_kb() -> None:
    assert sorted(p.name for p in PAGE.iterdir()) == sorted(FILES)
    total = sum((PAGE / name).stat().st_size for name in FILES)
    assert total < 60 * 1024, f"the participant page weighs {total} bytes"


def test_nothing_inline_and_nothing_from_elsewhere() -> None:
    page = parsed()
    assert page.inline_scripts == 0
    for tag, attrs in page.tags:
        assert "style" not in attrs, f"<{tag}> has a style attribute (the CSP refuses it)"
        assert not [a for a in attrs if a.startswith("on")], f"<{tag}> has an inline handler"
        if tag == "script":
            assert attrs.get("src") == "/app.js"
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("/"), (
                f"<{tag} {name}={value}> is not one of the page's files"
            )
    assert "<style" not in (PAGE / "index.html").read_text(encoding="utf-8")
    for name in ("app.js", "style.css"):
        text = (PAGE / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://|@import|url\(", text), f"{name} reaches outside the page"


def test_no_api_that_needs_a_secure_context_and_no_html_from_text() -> None:
    script = (PAGE / "app.js").read_text(encoding="utf-8")
    for name in (
        "randomUUID",
        "clipboard",
        "serviceWorker",
        "crypto.subtle",
        "getUserMedia",
        "Notification",
        "navigator.share",
        "PaymentRequest",
        "credentials.get",
        "geolocation",
    ):
        assert name not in script, f"app.js uses {name}, which plain HTTP on a LAN address does not have"
    for name in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        'setAttribute("style',
        ".style.",
        "javascript:",
    ):
        assert name not in script, f"app.js uses {name}"
    assert "getRandomValues" in script  # the client keys come from a generator plain HTTP has


def test_every_field_has_a_label_and_the_contract_ids_exist() -> None:
    page = parsed()
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert not [i for i in CONTRACT_IDS if i not in ids], "missing ids the contract names"
    labelled = {attrs.get("for") for tag, attrs in page.tags if tag == "label"}
    fields = [attrs for tag, attrs in page.tags if tag in ("input", "select", "textarea")]
    assert fields
    for attrs in fields:
        assert attrs.get("id") in labelled or attrs.get("aria-label"), f"field {attrs.get('id')} has no label"
    roles = {attrs.get("id"): attrs for _, attrs in page.tags}
    assert roles["timer"].get("role") == "timer"
    assert roles["timer-live"].get("aria-live") == "polite"
    assert roles["status"].get("role") == "status"
    assert ("html", {"lang": "en"}) in page.tags
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in page.tags)
    # the edit box made by the script gets a <label for=...> too
    script = (PAGE / "app.js").read_text(encoding="utf-8")
    assert 'el("label", null, "Edit your note")' in script and "label.htmlFor = id" in script


def test_tap_targets_are_44_px_or_more() -> None:
    css = (PAGE / "style.css").read_text(encoding="utf-8")
    button = re.search(r"\nbutton \{([^}]*)\}", css)
    field = re.search(r"\ninput, select, textarea \{([^}]*)\}", css)
    assert button and field
    for rule in (button.group(1), field.group(1)):
        height = re.search(r"min-height: ([\d.]+)rem", rule)
        assert height and float(height.group(1)) * 16 >= 44
