"""Reading note files: .txt and .csv, UTF-8 with or without BOM; errors name the line."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sprintdesk.domain.board import MAX_NOTE_LENGTH, NoteColor
from sprintdesk.domain.errors import ValidationError
from sprintdesk.domain.note_import import (
    MAX_IMPORTED_VOTES,
    ImportedNote,
    NoteFileError,
    parse_csv,
    parse_note_file,
    parse_txt,
)
from sprintdesk.domain.workshop import MAX_TITLE_LENGTH, Role

BOM = b"\xef\xbb\xbf"


def texts(notes: list[ImportedNote]) -> list[str]:
    return [note.text for note in notes]


def error_of(filename: str, data: bytes) -> str:
    with pytest.raises(NoteFileError) as caught:
        parse_note_file(filename, data)
    return str(caught.value)


def test_a_note_file_error_is_a_validation_error() -> None:
    assert issubclass(NoteFileError, ValidationError)


# -- choosing the format --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.TXT", "a.b.txt", "/tmp/x/Notes.Txt"])
def test_txt_by_extension_in_any_case(name: str) -> None:
    assert texts(parse_note_file(name, b"one\ntwo")) == ["one", "two"]


@pytest.mark.parametrize("name", ["notes.CSV", "export.2026.csv"])
def test_csv_by_extension_in_any_case(name: str) -> None:
    assert texts(parse_note_file(name, b"text\none")) == ["one"]


@pytest.mark.parametrize("name", ["notes.md", "notes", "notes.txt.bak", "notes.tsv", "notes.xlsx"])
def test_other_extensions_are_refused(name: str) -> None:
    message = error_of(name, b"one")
    assert name in message and ".txt" in message and ".csv" in message


# -- txt ------------------------------------------------------------------------------------


def test_txt_one_note_per_non_empty_line_stripped() -> None:
    data = b"  First idea  \n\n   \n\tSecond idea\nThird\n\n"
    assert parse_txt(data) == [ImportedNote("First idea"), ImportedNote("Second idea"), ImportedNote("Third")]


def test_txt_defaults() -> None:
    (note,) = parse_txt(b"idea")
    assert (note.color, note.author, note.role, note.cluster, note.votes) == (None, "", None, "", 0)


@pytest.mark.parametrize(
    "data",
    [
        b"alpha\r\nbeta\r\n\r\ngamma\r\n",
        BOM + b"alpha\nbeta\n\ngamma",
        BOM + b"alpha\r\nbeta\r\ngamma\r\n",  # a lone CR (old Mac) ends a line too
        b"alpha\rbeta\r\rgamma",
    ],
)
def test_txt_line_endings_and_bom(data: bytes) -> None:
    assert texts(parse_txt(data)) == ["alpha", "beta", "gamma"]


def test_txt_keeps_unicode() -> None:
    data = "Ærøskøbing ☕\nКириллица\n日本語のメモ 🎉\n".encode()
    assert texts(parse_txt(data)) == ["Ærøskøbing ☕", "Кириллица", "日本語のメモ 🎉"]


@pytest.mark.parametrize("data", [b"", BOM, b"\n\n \r\n\t\n", BOM + b"   "])
def test_txt_without_notes_is_an_empty_list(data: bytes) -> None:
    assert parse_txt(data) == []


def test_a_form_feed_or_unicode_separator_does_not_split_a_note() -> None:
    data = "one\x0cpage\ntwo\u2028three\nfour\x85five\n".encode()
    assert texts(parse_txt(data)) == ["one\x0cpage", "two\u2028three", "four\x85five"]


def test_txt_note_too_long_names_its_line() -> None:
    data = b"ok\n\n" + b"x" * (MAX_NOTE_LENGTH + 1) + b"\n"
    message = error_of("n.txt", data)
    assert message.startswith("line 3:") and f"{MAX_NOTE_LENGTH:,}" in message
    assert len(parse_txt(b"x" * MAX_NOTE_LENGTH)[0].text) == MAX_NOTE_LENGTH


def test_txt_line_numbers_count_lines_as_an_editor_does() -> None:
    """A form feed inside line 1 does not shift the number of a bad line 3."""
    data = b"one\x0cpage\nok\n" + b"x" * (MAX_NOTE_LENGTH + 1)
    assert error_of("n.txt", data).startswith("line 3:")


# -- encoding problems ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["n.txt", "n.csv"])
@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"\xff\xfeh\x00i\x00", 1),  # UTF-16
        (b"text\nok\ncaf\xe9\n", 3),  # Latin-1
        (b"text\r\nok\r\n\r\nbad \x80 byte", 4),
        (BOM + b"text\nbad \xc3", 2),  # a truncated sequence at the end
        (BOM + b"text\n\xff", 2),
        (b"\n" * 9 + b"\xe2\x82", 10),
    ],
)
def test_not_utf8_names_the_line(name: str, data: bytes, line: int) -> None:
    message = error_of(name, data)
    assert message.startswith(f"line {line}: not UTF-8")


@pytest.mark.parametrize("name", ["n.txt", "n.csv"])
@pytest.mark.parametrize(
    ("data", "line"),
    [(b"\x00", 1), (b"text\nfine\nnul\x00here\n", 3), (BOM + b"text\r\n\r\n\x00", 3)],
)
def test_nul_names_the_line(name: str, data: bytes, line: int) -> None:
    message = error_of(name, data)
    assert message.startswith(f"line {line}:") and "NUL" in message


def test_lone_carriage_returns_count_as_lines_in_errors() -> None:
    assert error_of("n.txt", b"one\rtwo\rthr\xffee").startswith("line 3:")
    assert error_of("n.csv", b"text\rok\r\x00").startswith("line 3:")


# -- csv: header ----------------------------------------------------------------------------


def test_csv_with_every_column() -> None:
    data = (
        b"text,color,author,role,cluster,votes\n"
        b"Onboarding is slow,blue,Dee,Decider,Speed,4\n"
        b"Too many fields,,Uma,ux,,\n"
    )
    assert parse_csv(data) == [
        ImportedNote("Onboarding is slow", NoteColor.BLUE, "Dee", Role.DECIDER, "Speed", 4),
        ImportedNote("Too many fields", None, "Uma", Role.UX, "", 0),
    ]


def test_csv_header_aliases_case_and_order() -> None:
    data = b" Theme ,DOTS, Colour ,Note,AUTHOR\nSpeed,2,Gray,Slow login,  Eli  \n"
    assert parse_csv(data) == [ImportedNote("Slow login", NoteColor.GREY, "Eli", None, "Speed", 2)]
    assert parse_csv(b"Group,Note\nG,n\n") == [ImportedNote("n", cluster="G")]


def test_csv_only_a_text_column() -> None:
    assert texts(parse_csv(b"text\none\ntwo\n")) == ["one", "two"]


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        (b"text,priority", "unknown column 'priority'"),
        (b"text, Colour ,color", "the column 'color' appears twice"),
        (b"note,text", "the column 'text' appears twice"),
        (b"Text,TEXT", "the column 'text' appears twice"),
        (b"color,author", "needs a 'text' column"),
    ],
)
def test_bad_headers(header: bytes, fragment: str) -> None:
    message = error_of("n.csv", header + b"\nsomething,else\n")
    assert message.startswith("line 1:") and fragment in message


def test_a_bad_header_after_blank_lines_names_its_own_line() -> None:
    assert error_of("n.csv", b"\n\n,,\nwhat\nx\n").startswith("line 4:")


def test_unknown_column_message_lists_the_columns() -> None:
    message = error_of("n.csv", b"text,size\nx,1\n")
    for column in ("text", "color", "author", "role", "cluster", "votes"):
        assert column in message


@pytest.mark.parametrize("data", [b"", BOM, b"\n\n", b"\r\n", b" , ,\n\n", BOM + b"\r\n \r\n"])
def test_an_empty_csv_is_an_error(data: bytes) -> None:
    message = error_of("n.csv", data)
    assert message.startswith("line 1:") and "empty" in message and "text" in message


def test_a_csv_with_only_a_header_has_no_notes() -> None:
    assert parse_csv(b"text,votes\n") == []
    assert parse_csv(BOM + b"text\r\n\r\n") == []


def test_csv_with_bom_and_crlf() -> None:
    data = BOM + b"text,color\r\nA,pink\r\n\r\nB,Yellow\r\n"
    assert parse_csv(data) == [ImportedNote("A", NoteColor.PINK), ImportedNote("B", NoteColor.YELLOW)]


# -- csv: rows ------------------------------------------------------------------------------


def test_blank_rows_are_skipped_and_short_rows_filled() -> None:
    data = b"text,author,votes\n\n,,\none\n  ,  \ntwo,Uma\n"
    assert parse_csv(data) == [ImportedNote("one"), ImportedNote("two", author="Uma")]


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (b"text,color\nok,blue\n  ,pink\n", 3, "no text"),
        (b"text,author\nok\n,Uma\n", 3, "no text"),
        (b"text,color\nok,blue\nbad,magenta\n", 3, "unknown colour 'magenta'"),
        (b"text,role\nok,PM\nbad,Manager\n", 3, "unknown role 'Manager'"),
        (b"text,votes\nok,1\nbad,-1\n", 3, "votes must be a whole number"),
        (b"text,votes\nok,1\nbad,2.5\n", 3, "got '2.5'"),
        (b"text,votes\nbad,lots\n", 2, "got 'lots'"),
        (b"text,votes\nbad,10001\n", 2, "from 0 to 10000"),
        (b"text,votes\nbad,1 000\n", 2, "votes must be"),
        (b"text,color\nok,blue\nsplit,too,many\n", 3, "3 fields but the header has 2"),
        (b'text\r\n\r\nok\r\n\r\n"a"b"\r\n', 5, "line 5:"),
    ],
)
def test_bad_rows_name_their_line(data: bytes, line: int, fragment: str) -> None:
    message = error_of("n.csv", data)
    assert message.startswith(f"line {line}:"), message
    assert fragment in message


@pytest.mark.parametrize("votes", ["²", "٣", "１", "9" * 5000, "0" * 10 + "99999999999"])
def test_strange_vote_numbers_are_a_clean_error(votes: str) -> None:
    data = f"text,votes\nok,1\nidea,{votes}\n".encode()
    message = error_of("n.csv", data)
    assert message.startswith("line 3:") and "votes must be a whole number" in message


def test_votes_bounds_and_leading_zeros() -> None:
    data = f"text,votes\na,0\nb,{MAX_IMPORTED_VOTES}\nc, 007 \n".encode()
    assert [n.votes for n in parse_csv(data)] == [0, MAX_IMPORTED_VOTES, 7]


def test_roles_match_in_any_case() -> None:
    data = b"text,role\na,decider\nb,ENGINEERING\nc, stakeholder \nd,\n"
    assert [n.role for n in parse_csv(data)] == [Role.DECIDER, Role.ENGINEERING, Role.STAKEHOLDER, None]


def test_author_and_cluster_whitespace_is_collapsed() -> None:
    (note,) = parse_csv(b'text,author,cluster\nx,"  Dee \n Decider ","  Big   theme "\n')
    assert (note.author, note.cluster) == ("Dee Decider", "Big theme")


def test_author_and_cluster_length_limits() -> None:
    long = "a" * (MAX_TITLE_LENGTH + 1)
    assert error_of("n.csv", f"text,author\nx,{long}\n".encode()).startswith("line 2: the author")
    assert error_of("n.csv", f"text,cluster\nok\nx,{long}\n".encode()).startswith("line 3: the cluster")
    fine = "a" * MAX_TITLE_LENGTH
    assert parse_csv(f"text,cluster\nx,{fine}\n".encode())[0].cluster == fine


def test_csv_note_too_long_names_its_line() -> None:
    data = b"text\nok\n" + b"y" * (MAX_NOTE_LENGTH + 1) + b"\n"
    assert error_of("n.csv", data).startswith("line 3:")


def test_a_huge_field_is_a_clean_error() -> None:
    data = b"text\n" + b"z" * 200_000 + b"\n"
    assert error_of("n.csv", data).startswith("line 2:")


# -- csv: quoting ---------------------------------------------------------------------------


def test_quoted_fields_with_commas_quotes_and_line_breaks() -> None:
    data = b'text,author\n"Faster, please",Uma\n"Say ""hi""\nand wave",Eli\nlast,Dee\n'
    assert parse_csv(data) == [
        ImportedNote("Faster, please", author="Uma"),
        ImportedNote('Say "hi"\nand wave', author="Eli"),
        ImportedNote("last", author="Dee"),
    ]


def test_an_error_in_a_multi_line_record_names_the_line_where_it_starts() -> None:
    data = b'text,color\nfirst,blue\n"second\nspans\nthree lines",mauve\nthird,pink\n'
    message = error_of("n.csv", data)
    assert message.startswith("line 3:") and "mauve" in message


def test_a_row_after_a_multi_line_record_has_the_right_line() -> None:
    data = b'text,color\r\n"one\r\ntwo",blue\r\nbad,nope\r\n'
    assert error_of("n.csv", data).startswith("line 4:")


def test_an_unclosed_quote_names_the_line_where_the_record_starts() -> None:
    data = b'text,color\nok,blue\n"never closed,pink\nmore\nand more\n'
    message = error_of("n.csv", data)
    assert message.startswith("line 3:"), message


def test_a_quote_inside_an_unquoted_field_is_kept_as_written() -> None:
    assert texts(parse_csv(b'text\nok\n5" screen\n')) == ["ok", '5" screen']


# -- any bytes ------------------------------------------------------------------------------

_TOKENS = [
    b"text",
    b"Text",
    b"colour",
    b"color",
    b"author",
    b"role",
    b"cluster",
    b"votes",
    b"dots",
    b"note",
    b",",
    b",",
    b'"',
    b'""',
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"blue",
    b"gray",
    b"mauve",
    b"Decider",
    b"ux",
    b"boss",
    b"3",
    b"-1",
    b"10001",
    b"\xc2\xb2",
    b"\xd9\xa3",
    b"99999",
    b"\x00",
    b"\xff",
    b"\xc3",
    BOM,
    "é".encode(),
    "日本".encode(),
    b"\x0c",
    "\u2028".encode(),
    b"\t",
    b"x" * 300,
]

note_files = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(_TOKENS), max_size=60).map(b"".join),
    st.lists(st.sampled_from(_TOKENS), max_size=40).map(
        lambda parts: b"text,votes,color,role\n" + b"".join(parts)
    ),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["notes.txt", "notes.csv", "NOTES.CSV"]), data=note_files)
def test_any_bytes_parse_or_raise_note_file_error(name: str, data: bytes) -> None:
    try:
        notes = parse_note_file(name, data)
    except NoteFileError as error:
        message = str(error)
        assert message.startswith("line ") and ": " in message
        assert message.split(":", 1)[0].removeprefix("line ").isdigit()
        return
    assert isinstance(notes, list)
    for note in notes:
        assert isinstance(note, ImportedNote)
        assert note.text and note.text == note.text.strip()
        assert "\x00" not in note.text
        assert 0 <= note.votes <= MAX_IMPORTED_VOTES
        assert note.color is None or isinstance(note.color, NoteColor)
        assert note.role is None or isinstance(note.role, Role)
