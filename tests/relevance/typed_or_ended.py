#!/usr/bin/env python3
"""A word typed alone with a typo, searched as a search box sees it while typed (no space
after it) and once ended (a space after it): how often the first hit marks the word meant,
by the letters typed. A word being typed should find what it finds once ended.

    python3 tests/relevance/typed_or_ended.py target/release/izdeu www

The words are the first 3,000 of five letters or more among the 8,000 most frequent words
of corpus/. Each gets one edit after its first letter (a letter dropped, two neighbours
swapped, a letter replaced or added), and half of those of nine letters or more a second;
typed words that are words of the corpus themselves are left out."""
import collections, random, sys

from searched import corpus_word_counts, marked_words, with_typo

binary, index = sys.argv[1], sys.argv[2]
random.seed(5)
counts = corpus_word_counts()
queries = []
for word in [w for w, _ in counts.most_common(8000) if len(w) >= 5][:3000]:
    typed = with_typo(word, 4)
    if len(word) >= 9 and random.random() < 0.5:
        typed = with_typo(typed, 4)
    if typed != word and typed not in counts:
        queries.append((word, typed))
first = {}
for ended in (False, True):
    marks = marked_words(binary, index, [typed + " " * ended for _, typed in queries], 1)
    first[ended] = [bool(m) and word in m[0] for (word, _), m in zip(queries, marks)]
rows = collections.defaultdict(lambda: [0, 0, 0])
for (_, typed), as_typed, as_ended in zip(queries, first[False], first[True]):
    row = rows[min(len(typed), 12)]
    row[0] += 1
    row[1] += as_typed
    row[2] += as_ended
print("| letters typed | words | first hit marks the word meant: being typed | ended |")
print("|---|---|---|---|")
for letters in sorted(rows):
    n, typed, ended = rows[letters]
    print(f"| {letters}{'+' if letters == 12 else ''} | {n} | {typed} | {ended} |")
print(f"| all | {len(queries)} | {sum(first[False])} ({100 * sum(first[False]) / len(queries):.0f}%) | "
      f"{sum(first[True])} ({100 * sum(first[True]) / len(queries):.0f}%) |")
