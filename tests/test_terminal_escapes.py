"""`claimsort play` in a real terminal: what a pack holds never reaches it as a control
sequence (issue 9). The program runs in a pseudo-terminal of 80x24 and every byte it
writes there is kept, as a terminal would receive it.

Textual draws with escape sequences of its own, so the tests look for the pack's
payload (an OSC 52 clipboard write, a blinking red CSI) rather than for any ESC."""

from __future__ import annotations

from pathlib import Path

from terminal import PAYLOAD, Terminal, claimsort, reached, terminal_env

IN_TOML = "".join(f"\\u{ord(c):04x}" if c < " " else c for c in PAYLOAD)
"""The payload as a TOML string writes it."""

PACK = """\
format = 1

[pack]
id = "tiny"
title = "Tiny pack"
language = "en"

[[sources]]
id = "s"
title = "A headline"
publisher = "A paper"
url = "{url}"
text = "The mayor opened the bridge on Friday."

[[claims]]
id = "bridge"
text = "The mayor opened the bridge."
answer = "fact"
quote = "The mayor opened the bridge"
said_by = "The paper"
explanation = "Reported in the paper's own voice."
"""


def play_and_read(pack: Path, env: dict[str, str], *, article_word: bytes) -> Terminal:
    """Play `pack` as a player would: wait for the claim, open the reader (`r`), wait
    for the article, close it (`r` again: a lone Esc followed by another key would
    read as Alt+key) and quit (q, then y to confirm)."""
    terminal = Terminal([*claimsort(), "play", str(pack)], env)
    terminal.wait_for(b"opened")
    steps = [("r", article_word), ("r", b"opened"), ("q", b"Leave this round?")]
    for key, shown in steps:
        mark = terminal.mark()
        terminal.press(key)
        terminal.wait_for(shown, after=mark)
    terminal.press("y")
    return terminal


def test_the_reader_shows_a_source_url_in_a_real_terminal(tmp_path: Path) -> None:
    # The same steps as the hostile pack's, with a harmless url: they do reach the
    # reader and show the url on the terminal.
    pack = tmp_path / "tiny.toml"
    pack.write_text(PACK.format(url="https://example.org/bridge-story"), encoding="utf-8")
    terminal = play_and_read(
        pack, terminal_env(tmp_path / "home"), article_word=b"example.org/bridge-story"
    )
    assert terminal.finish() == 0
    assert b"example.org/bridge-story" in terminal.output
    assert b"Friday" in terminal.output  # the article itself


def test_a_url_with_escape_sequences_never_reaches_the_terminal(tmp_path: Path) -> None:
    pack = tmp_path / "hostile.toml"
    pack.write_text(PACK.format(url="https://example.org/x" + IN_TOML), encoding="utf-8")
    terminal = play_and_read(pack, terminal_env(tmp_path / "home"), article_word=b"Friday")
    code = terminal.finish()
    output = terminal.output
    assert not reached(output)
    # Refused when loaded, where the url is, before anything is drawn.
    assert code == 1
    assert (
        f"{pack}:12:1: error: url of source 1 contains U+001B (control character) "
        "at character 22".encode()
    ) in output
