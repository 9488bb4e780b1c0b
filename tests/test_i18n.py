"""The Spanish interface: every interface string translated (with the same
placeholders), the compiled catalogue up to date with its source, the language chosen
by --lang or the environment, and dates and numbers written for it."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from game import i18n

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "game" / "locale"
PO = LOCALE / "es" / "LC_MESSAGES" / "claimsort.po"
MO = LOCALE / "es" / "LC_MESSAGES" / "claimsort.mo"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
"""As `make translations` extracts them (babel.cfg, and the Makefile's -k options)."""
HOW_TO_UPDATE = (
    "To update the catalogue: run `make translations` (it merges the new strings into "
    "game/locale/es/LC_MESSAGES/claimsort.po); there, fill in the msgstr of each entry "
    "listed above, and of any entry marked `#, fuzzy` (then delete that line); run "
    "`make translations` again to compile the .mo; commit the .po and the .mo."
)


def sources() -> list[str]:
    """The folders `make translations` extracts from: the Makefile's I18N_SOURCES."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^I18N_SOURCES := (.+)$", makefile, re.MULTILINE)
    assert found is not None, "the Makefile has no I18N_SOURCES line"
    return found.group(1).split()


def source_messages() -> Iterator[tuple[str, str | tuple[str, ...], int]]:
    """Every interface string in the sources, found as babel.cfg says (Python modules,
    the web pages' templates): (file, message, line)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    for folder in sources():
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder,
            method_map=method_map,
            options_map=options_map,
            keywords=KEYWORDS,
        ):
            yield f"{folder}/{filename}", message, lineno


def test_the_web_pages_and_the_server_are_extracted() -> None:
    """Their strings reach the catalogue: a page's own text, and a server message."""
    found = {(where.split("/", 1)[0], message) for where, message, _line in source_messages()}
    assert ("webserve", "Your name") in found  # webserve/templates/join.html
    assert ("webserve", "Your game could not be started.") in found  # webserve/server.py


def catalogue():  # type: ignore[no-untyped-def]
    with PO.open("rb") as file:
        return read_po(file)


def test_every_interface_string_is_translated() -> None:
    catalog = catalogue()
    untranslated = []
    for where, message, line in source_messages():
        msgid = message if isinstance(message, str) else message[0]
        entry = catalog.get(msgid)
        strings = (
            ()
            if entry is None
            else (entry.string if isinstance(entry.string, tuple) else (entry.string,))
        )
        if entry is None or entry.fuzzy or not strings or not all(strings):
            untranslated.append(f"  {where}:{line}: {msgid!r}")
    assert not untranslated, (
        f"{len(untranslated)} interface strings have no Spanish translation:\n"
        + "\n".join(untranslated[:30])
        + f"\n{HOW_TO_UPDATE}"
    )


PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def test_translations_keep_every_placeholder() -> None:
    """A translation that loses or renames {n} would fail with KeyError when shown."""
    wrong = []
    for entry in catalogue():
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = {p for msgid in ids for p in PLACEHOLDER.findall(msgid)}
        for text in strings:
            # A singular may leave out the count ("Your last session"); nothing new.
            found = set(PLACEHOLDER.findall(text))
            if not found <= wanted or (len(ids) == 1 and found != wanted):
                wrong.append(f"  {ids[0]!r} -> {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong) + f"\n{HOW_TO_UPDATE}"


def test_the_compiled_catalogue_is_up_to_date() -> None:
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    assert MO.read_bytes() == compiled.getvalue(), (
        f"{MO.relative_to(ROOT)} is not compiled from the .po as it is now. {HOW_TO_UPDATE}"
    )


def test_the_catalogue_has_no_entry_the_code_no_longer_uses() -> None:
    used = {m if isinstance(m, str) else m[0] for _w, m, _l in source_messages()}
    stale = [
        entry.id
        for entry in catalogue()
        if entry.id and (entry.id if isinstance(entry.id, str) else entry.id[0]) not in used
    ]
    assert not stale, f"obsolete entries: {stale[:10]}. {HOW_TO_UPDATE}"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "es_ES.UTF-8"}, "es"),
        ({"LANGUAGE": "", "LC_ALL": "es_MX.UTF-8", "LC_MESSAGES": "", "LANG": "en_GB.UTF-8"}, "es"),
        ({"LANGUAGE": "fr:es", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}, "es"),
        ({"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LC_ALL": "C", "LC_MESSAGES": "", "LANG": "C.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}, "en"),
    ],
)
def test_the_language_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert i18n.from_environment() == expected


def test_use_refuses_a_language_with_no_catalogue() -> None:
    with pytest.raises(ValueError):
        i18n.use("fr")
    assert i18n.language() == "en"


def test_dates_and_numbers_are_written_for_the_language(spanish: None) -> None:
    from tui.widgets.source import short_date

    assert short_date(dt.date(2025, 4, 17)) == "17 abr 2025"
    assert i18n.format_number(9.5) == "9,5"
    i18n.use("en")
    assert short_date(dt.date(2025, 4, 17)) == "17 Apr 2025"
    assert i18n.format_number(9.5) == "9.5"


def claimsort(
    *args: str, lang_env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMSORT_HOME": str(tmp_path), "LANGUAGE": "", "LC_ALL": "", **lang_env}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_lang_es_on_the_command_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\n[pack]\nid = "x"\ntitel = "T"\n', encoding="utf-8")
    result = claimsort(
        "--lang", "es", "check", str(bad), lang_env={"LANG": "en_GB.UTF-8"}, tmp_path=tmp_path
    )
    assert result.returncode == 1
    assert "clave desconocida" in result.stdout and "¿quisiste decir" in result.stdout
    assert "bad.toml:4:1:" in result.stdout
    help_text = claimsort("--lang", "es", "--help", lang_env={}, tmp_path=tmp_path).stdout
    assert "clasifica afirmaciones" in help_text and "--lang LANG" in help_text


def test_lang_from_the_environment_and_an_unknown_lang(tmp_path: Path) -> None:
    packs = str(ROOT / "questions")
    spanish = claimsort("check", packs, lang_env={"LANG": "es_ES.UTF-8"}, tmp_path=tmp_path)
    assert spanish.returncode == 0 and spanish.stdout.startswith("los ")
    english = claimsort("check", packs, lang_env={"LANG": "de_DE.UTF-8"}, tmp_path=tmp_path)
    assert english.returncode == 0 and english.stdout.startswith("all ")
    unknown = claimsort("--lang", "xx", "check", packs, lang_env={}, tmp_path=tmp_path)
    assert unknown.returncode == 2
    assert "'en', 'es'" in unknown.stderr and "Traceback" not in unknown.stderr
