"""Whatever text it is given, draft_pack writes a pack the validator accepts or says
why not (DraftError): never another exception, never an invalid pack."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.draft import DraftError, draft_pack
from game.draft.lexicon import words
from game.loader import load_pack
from game.text import find_quote

TOKENS = [
    *sorted(words("the a of to in that and was is were has had which who it he she they")),
    *sorted(words("said told claimed denied accused alleged questioned revealed found according")),
    *sorted(words("However, But reportedly may so-called critics reports of in his words")),
    *sorted(words("Mayor Ana Ruiz Dr. U.S. Penn Korvane ministry council study records")),
    *sorted(words("7 a.m. 2025 90% $5 3.5 “ ” \" ' ''' \"\"\" \\ [/] [[claims]] # — – … é 橋 🙂")),
    ".",
    ".",
    ".",
    ",",
    ",",
    ";",
    ":",
    "?",
    "!",
    "\n",
    "\n",
    "\n\n",
    "\t",
    "- ",
    "SOURCE:",
]
ARTICLE = st.lists(st.sampled_from(TOKENS), max_size=120).map(" ".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLE, st.one_of(st.none(), st.sampled_from(["EFE", 'The "Daily" \\ Wire'])))
def test_any_text_drafts_a_valid_pack_or_a_clear_refusal(text: str, publisher: str | None) -> None:
    try:
        toml = draft_pack(text, publisher=publisher)
    except DraftError as error:
        assert str(error).startswith("error: ")
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "draft.toml"
        path.write_text(toml, encoding="utf-8")
        pack = load_pack(path)
    source = pack.sources[0].text
    assert source is not None
    assert pack.claims
    assert all(find_quote(source, claim.quote) for claim in pack.claims)
