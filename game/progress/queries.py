"""The store's reads that must not scan every answer, as SQL.

A player's history grows for years, and the home screen, `play --review` and the stats
are opened again and again. So these reads walk the indexes of schema version 2: the
claims a player missed are found by skipping from one to the next along
`answers_missed` (a recursive query: SQLite has no loose index scan of its own), and
each claim's latest miss, count of misses and whether its right answer changed are a
seek each. The stats add answers up in SQL instead of decoding every row in Python.

Only rows as the store writes them (`schema.ANSWER_AS_WRITTEN`) may be added up in SQL:
anything else must go through the row decoders, which leave a bad row out with a
warning. `NOT_AS_WRITTEN` tells whether a player has such rows through their partial
indexes, in one look-up each, and the store falls back to reading rows when they do.
"""

from __future__ import annotations

from game.progress.schema import (
    ANSWER_AS_WRITTEN,
    CLASS_AS_WRITTEN,
    CONFIDENCE_AS_WRITTEN,
    SESSION_AS_WRITTEN,
)

ANSWER_COLUMNS = (
    "id, session_id, player, pack_id, pack_hash, claim_id, chosen, correct, hinted, "
    "seconds, answered_at, confidence"
)
"""The `answers` columns in the order `rows.answer_record()` reads them."""
SESSION_COLUMNS = "id, player, pack_id, pack_hash, mode, started_at, pack_path, class_name"
"""The `sessions` columns in the order `rows.session_record()` reads them."""

NOT_AS_WRITTEN = f"""
SELECT EXISTS (SELECT 1 FROM answers WHERE player = :player AND NOT ({ANSWER_AS_WRITTEN}))
    OR EXISTS (SELECT 1 FROM answers WHERE player = :player AND NOT ({CONFIDENCE_AS_WRITTEN}))
    OR EXISTS (SELECT 1 FROM sessions WHERE player = :player AND NOT ({SESSION_AS_WRITTEN}))
    OR EXISTS (SELECT 1 FROM sessions WHERE player = :player AND NOT ({CLASS_AS_WRITTEN}))
"""
"""1 when the player has an answer or a session the store would not have written."""

# The stats read every answer of the player's: in time order, which is (nearly) the
# order the rows were written in, so the table is read from one end to the other
# instead of jumping about it (twice as fast as through answers_by_claim).
ANSWER_GROUPS = """
SELECT pack_id, correct, chosen, confidence,
    COUNT(*), SUM(hinted), SUM(seconds), MAX(answered_at)
FROM answers INDEXED BY answers_by_time WHERE player = :player
GROUP BY pack_id, correct, chosen, confidence
"""
"""The player's answers counted by pack, right answer, chosen answer and confidence."""

PACK_SESSIONS = """
SELECT pack_id, COUNT(DISTINCT session_id)
FROM answers INDEXED BY answers_by_time WHERE player = :player GROUP BY pack_id
"""
"""How many sessions hold the player's answers in each pack."""

LATEST_SESSIONS = f"""
SELECT {SESSION_COLUMNS} FROM sessions AS s
WHERE player = :player
  AND EXISTS (SELECT 1 FROM answers AS a WHERE a.session_id = s.id AND a.player = :player)
ORDER BY started_at DESC, id DESC LIMIT :limit
"""
"""The player's latest sessions that hold answers of theirs, latest first."""

SESSION_TALLIES = """
SELECT session_id, COUNT(*), SUM(chosen = correct), SUM(hinted)
FROM answers INDEXED BY answers_by_session
WHERE session_id IN (SELECT value FROM json_each(:ids)) AND player = :player
GROUP BY session_id
"""
"""The player's answers in each of the sessions whose ids `:ids` lists (JSON), counted."""

_MISSED = "x.player = :player AND x.chosen <> x.correct"
# Each term is spelt as in the partial index's WHERE (`chosen <> correct`), so that
# SQLite uses it; INDEXED BY, so that it never picks a plan that scans every answer.
_MISSED_FROM = "answers AS x INDEXED BY answers_missed"

MISSED_CLAIMS = f"""
WITH RECURSIVE missed(pack_id, claim_id) AS (
    SELECT pack_id, claim_id FROM answers WHERE id = (
        SELECT x.id FROM {_MISSED_FROM} WHERE {_MISSED}
        ORDER BY x.pack_id, x.claim_id LIMIT 1)
    UNION ALL
    SELECT a.pack_id, a.claim_id FROM missed AS m JOIN answers AS a ON a.id = coalesce(
        (SELECT x.id FROM {_MISSED_FROM} WHERE {_MISSED}
            AND x.pack_id = m.pack_id AND x.claim_id > m.claim_id
            ORDER BY x.claim_id LIMIT 1),
        (SELECT x.id FROM {_MISSED_FROM} WHERE {_MISSED} AND x.pack_id > m.pack_id
            ORDER BY x.pack_id, x.claim_id LIMIT 1))
)
SELECT m.pack_id, m.claim_id,
    (SELECT x.id FROM {_MISSED_FROM} WHERE {_MISSED}
        AND x.pack_id = m.pack_id AND x.claim_id = m.claim_id
        ORDER BY x.answered_at DESC, x.id DESC LIMIT 1),
    (SELECT COUNT(*) FROM {_MISSED_FROM} WHERE {_MISSED}
        AND x.pack_id = m.pack_id AND x.claim_id = m.claim_id),
    (SELECT MIN(x.correct) FROM answers AS x
        WHERE x.player = :player AND x.pack_id = m.pack_id AND x.claim_id = m.claim_id)
    IS NOT
    (SELECT MAX(x.correct) FROM answers AS x
        WHERE x.player = :player AND x.pack_id = m.pack_id AND x.claim_id = m.claim_id)
FROM missed AS m
"""
"""Each claim the player missed at least once, in (pack, claim) order: its pack and
claim ids, the row id of its latest miss, its count of misses, and 1 when its right
answer was not the same in all its answers."""

FROM_LATEST_MISS = f"""
SELECT {", ".join("a." + column for column in ANSWER_COLUMNS.split(", "))}
FROM json_each(:ids) AS latest
JOIN answers AS m ON m.id = latest.value
JOIN answers AS a INDEXED BY answers_by_claim
    ON a.player = m.player AND a.pack_id = m.pack_id AND a.claim_id = m.claim_id
    AND a.correct = m.correct AND a.answered_at >= m.answered_at
WHERE a.answered_at > m.answered_at OR a.id >= m.id
"""
"""For each miss whose row id `:ids` lists (JSON), the answers to its claim from it on
under the same right answer: claim after claim, each oldest first (the order of
answers_by_claim, which ends in the answer's time and then its row id; no sort)."""

PACK_PATHS = """
WITH RECURSIVE packs(pack_id) AS (
    SELECT MIN(pack_id) FROM sessions WHERE pack_path IS NOT NULL
    UNION ALL
    SELECT (SELECT MIN(pack_id) FROM sessions WHERE pack_path IS NOT NULL AND pack_id > p.pack_id)
    FROM packs AS p WHERE p.pack_id IS NOT NULL
)
SELECT p.pack_id,
    (SELECT pack_path FROM sessions WHERE pack_path IS NOT NULL AND pack_id = p.pack_id
        ORDER BY started_at DESC, id DESC LIMIT 1)
FROM packs AS p WHERE p.pack_id IS NOT NULL
"""
"""Each pack id that has a recorded path, and the path of its latest session."""

PLAYERS = """
WITH RECURSIVE
    by_answer(player) AS (
        SELECT MIN(player) FROM answers
        UNION ALL
        SELECT (SELECT MIN(player) FROM answers WHERE player > b.player)
        FROM by_answer AS b WHERE b.player IS NOT NULL
    ),
    by_session(player) AS (
        SELECT MIN(player) FROM sessions
        UNION ALL
        SELECT (SELECT MIN(player) FROM sessions WHERE player > b.player)
        FROM by_session AS b WHERE b.player IS NOT NULL
    ),
    everyone(player) AS (
        SELECT player FROM by_answer WHERE player IS NOT NULL
        UNION SELECT player FROM by_session WHERE player IS NOT NULL
    ),
    latest(player, answered, started) AS (
        SELECT player,
            (SELECT MAX(answered_at) FROM answers WHERE player = e.player),
            (SELECT MAX(started_at) FROM sessions WHERE player = e.player)
        FROM everyone AS e
    )
SELECT player FROM latest
ORDER BY CASE
    WHEN answered IS NULL THEN started
    WHEN started IS NULL THEN answered
    ELSE max(answered, started) END DESC, player
"""
"""Everyone with a session or an answer, most recently active first (then by name)."""

PACK_ROUNDS = """
SELECT s.pack_id, COUNT(DISTINCT a.claim_id),
    SUM(CASE WHEN a.chosen = a.correct THEN (CASE WHEN a.hinted THEN 0.5 ELSE 1.0 END) ELSE 0 END)
FROM sessions AS s JOIN answers AS a INDEXED BY answers_by_session ON a.session_id = s.id
WHERE s.player = :player AND s.mode = 'play' AND s.pack_id IS NOT NULL AND a.player = :player
GROUP BY s.id
"""
"""Each round the player played of one pack (not review): the pack, how many of its
claims were answered and the points scored (a hinted right answer scores half), for
the path of packs on the home screen. Only for a player whose rows are all as the
store writes them (`NOT_AS_WRITTEN`)."""
