#!/usr/bin/env python3
"""Single words typed alone, as a reader starts a search: how often the top hit is not in
the script the reader meant. Each word is queried at every length from three letters on,
as it is typed (the last one whole but not yet ended by a space), and with --ended once
whole with a trailing space:

    python3 tests/relevance/lone_words.py target/release/izdeu www [--ended] [--list]

- translit: 250 frequent Cyrillic words of corpus/ (every second one of the 100th to the
  600th most frequent) in plain ASCII letters, as known_items.py writes them: the top hit
  should be a Cyrillic word;
- latin: the 700 most frequent Latin words of corpus/: the top hit should be a Latin word;
- cyrillic: every sixth of the 1,500 most frequent Cyrillic words: the top hit should be a
  Cyrillic word.

With --list, the queries whose top hit is in another script are listed."""
import collections, glob, re, sys

from searched import marked_words
from spellings import TO_ASCII

binary, index = sys.argv[1], sys.argv[2]
ended, listed = "--ended" in sys.argv, "--list" in sys.argv
latin, cyrillic = collections.Counter(), collections.Counter()
for path in sorted(glob.glob("corpus/*.txt")):
    text = open(path, encoding="utf-8").read().lower()
    latin.update(re.findall(r"\b[a-z]{3,}\b", text))
    cyrillic.update(re.findall(r"[а-яёәіңғүұқөһ]{3,}", text))
translit = ["".join(TO_ASCII.get(c, c) for c in w) for w, _ in cyrillic.most_common(600)[100:600:2]]
kinds = [
    ("translit", translit, "[а-яёәіңғүұқөһ]"),
    ("latin", [w for w, _ in latin.most_common(700)], "[a-z]"),
    ("cyrillic", [w for w, _ in cyrillic.most_common(1500)[::6]], "[а-яёәіңғүұқөһ]"),
]
for name, words, letters in kinds:
    if ended:
        queries = [w + " " for w in words]
    else:
        queries = sorted({w[:n] for w in words for n in range(3, len(w) + 1)})
    other = []
    for query, hits in zip(queries, marked_words(binary, index, queries, 1)):
        if not any(re.search(letters, m) for m in (hits[0] if hits else [])):
            other.append(query.strip())
    print(f"{name}: {len(queries)} queries, top hit in another script: {len(other)} ({100 * len(other) / len(queries):.1f}%)")
    if listed:
        print("  " + " ".join(other))
