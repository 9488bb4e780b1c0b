"""The teacher's class report (`claimsort report`): which claims a class got wrong,
what it took them for, and how the class leans.

Pure Python, no Textual or Rich. The modules, by job: `answers` (the answers a report
is built from, merged from several files), `sources` (reading progress databases and
export files into them, with one problem line per bad row), `items` (per-claim item
analysis: facility, distractors, discrimination, flags), `classes` (per-class figures:
score distribution, the table of right against chosen answers, the lean), `build`
(answers and packs into a `Report`, pack by pack), and the outputs: `text` (terminal),
`html` (a self-contained page) and `table` (CSV and JSON of the per-claim table).
"""
