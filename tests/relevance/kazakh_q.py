#!/usr/bin/env python3
"""Kazakh words with қ typed in ASCII letters, q for қ (as known_items.py writes them): how
often the top hit marks the word meant. The sound key reads q and k alike, so a Russian
word that sounds the same (Казахстан for qazaqstan) competes with the Kazakh one.

    python3 tests/relevance/kazakh_q.py target/release/izdeu www

1,500 distinct words of corpus/ with қ and four letters or more (a seeded sample), queried
whole and ended by a space, then every keystroke of the first 600 from the fourth letter
on that holds a q."""
import collections, glob, random, re, sys

from searched import marked_words
from spellings import TO_ASCII

binary, index = sys.argv[1], sys.argv[2]
words = set()
for path in sorted(glob.glob("corpus/*.txt")):
    words.update(w for w in re.findall(r"[а-яёәіңғүұқөһ]+", open(path, encoding="utf-8").read().lower())
                 if "қ" in w and len(w) >= 4)
words = sorted(words)
random.Random(7).shuffle(words)
words = words[:1500]
ascii_of = {w: "".join(TO_ASCII[c] for c in w) for w in words}
kinds = [
    ("ended", [(w, ascii_of[w] + " ") for w in words]),
    ("being typed", [(w, ascii_of[w][:n]) for w in words[:600] for n in range(4, len(ascii_of[w]) + 1)
                     if "q" in ascii_of[w][:n]]),
]
for name, queries in kinds:
    marked = collections.Counter()
    for (word, _), hits in zip(queries, marked_words(binary, index, [q for _, q in queries], 1)):
        marks = hits[0] if hits else []
        marked["word"] += word in marks
        marked["kazakh"] += any(re.search("[әіңғүұқөһ]", m) for m in marks)
    print(f"{name}: {len(queries)} queries, top hit marks the word meant: {marked['word']}, "
          f"a word with Kazakh letters: {marked['kazakh']}")
