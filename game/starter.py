"""The commented starter pack that `claimsort new` writes."""

from game.pack import reserved_keys_phrase

STARTER_PACK = """\
#:schema ./claimsort-pack.schema.json
# A ClaimSort pack (format 1). Check it with:  claimsort check THIS_FILE
# Editor completion: run `claimsort schema > claimsort-pack.schema.json` next to this file.
# The guide to writing packs: docs/writing-packs.md in ClaimSort's repository.

format = 1                      # the pack format version; always 1 for now

[pack]
id = "my-first-pack"            # lowercase letters, digits and '-'; keep it stable
title = "My first pack"         # the title players see
language = "en"                 # the language of the claims (BCP 47: "en", "es", "pt-BR")
description = "Claims from one news article, sorted by who stands behind them."  # optional
authors = ["Your Name"]         # optional: who wrote the pack
level = "ages 14+"              # optional: who it is for, free text
license = "CC-BY-4.0"           # optional: the license of your questions (the article keeps its own)

[[sources]]                     # one table per article; copy it for more
id = "article"                  # referred to by each claim's `source`
title = "Town opens new library after two-year delay"  # the article's headline
publisher = "The Example Gazette"  # who published it
published = 2025-04-17          # optional: the date, without quotes
url = "https://example.org/news/library"  # optional: where to read it
# The article's text (optional). Every quote below must occur in it.
# Instead of `text`, you may write `text_file = "article.txt"`: a UTF-8 file in this folder.
text = '''
The town library opened on Saturday, two years later than planned. The building cost
4.2 million euros, according to the town's accounts.
Mayor Ana Ruiz said the library "will make us the best-read town in the region."
Some residents have questioned whether the delay was necessary.
'''

[[claims]]                      # one table per claim; copy it for more
id = "library-opened"           # lowercase letters, digits and '-'; unique in the pack
text = "The town library opened on Saturday."  # the claim as the player sees it
answer = "fact"                 # fact, assertion or disputed
source = "article"              # which source (may be left out when there is only one)
quote = "The town library opened on Saturday"  # the article's words that settle it
said_by = "The Example Gazette, in its own voice"  # who stands behind it in the article
explanation = "The newspaper reports the opening in its own voice, as an event anyone could check."  # why, naming the cue
hint = "Who is telling you this: the paper or someone it quotes?"  # optional: shown on request
discuss = "What record could confirm the opening date?"  # optional: a question for class discussion
difficulty = 1                  # optional: 1 easy, 2 medium (the default), 3 hard
tags = ["events"]               # optional: free tags

[[claims]]
id = "best-read-town"
text = "The library will make the town the best-read in the region."
answer = "assertion"
quote = "Mayor Ana Ruiz said the library \\"will make us the best-read town in the region.\\""
said_by = "Mayor Ana Ruiz, quoted by the paper"
explanation = "\\"Said\\" marks a claim by an official with a stake; the article does not check it."
difficulty = 2

[[claims]]
id = "delay-necessary"
text = "The two-year delay was necessary."
answer = "disputed"
quote = "Some residents have questioned whether the delay was necessary."
said_by = "Some residents, reported by the paper"
explanation = "\\"Questioned\\" flags that people contest it; the article does not settle it."
hint = "Look for a word that shows disagreement."
difficulty = 3

# Optional: your own categories replace the three defaults (2 to 6, each with all four keys).
# [[categories]]
# id = "opinion"                # used by a claim's `answer`
# label = "Opinion"             # the name the player sees
# key = "o"                     # one letter that answers with it (not {reserved})
# description = "A view that cannot be checked."  # what belongs here, with its cue words
""".replace("{reserved}", reserved_keys_phrase("or"))
