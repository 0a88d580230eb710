#!/usr/bin/env python3
"""Words typed alone with their first two letters swapped (рпаво for право, azkon for
zakon): how often the first hit marks the word meant, and how often nothing is found.

    python3 tests/relevance/first_swaps.py target/release/izdeu www

The words are the first 800 of four letters or more among the 4,000 most frequent words of
corpus/ whose first two letters differ. Typed words that are words of the corpus
themselves are left out. Each is queried alone twice: ended with a space, and as typed
with no space after it (its last word is then read as the beginning of a longer one)."""
import sys

from searched import corpus_word_counts, marked_words

binary, index = sys.argv[1], sys.argv[2]
counts = corpus_word_counts()
meant = [w for w, _ in counts.most_common(4000) if len(w) >= 4 and w[0] != w[1]][:800]
queries = [(word, word[1] + word[0] + word[2:]) for word in meant if word[1] + word[0] + word[2:] not in counts]
for ending, how in ((" ", "ended with a space"), ("", "still being typed")):
    marks = marked_words(binary, index, [t + ending for _, t in queries], 1)
    empty = sum(not hits for hits in marks)
    marked = sum(bool(hits) and word in hits[0] for (word, _), hits in zip(queries, marks))
    print(f"{len(queries)} words with their first two letters swapped, {how}: the first hit marks the word meant "
          f"for {marked} ({100 * marked / len(queries):.0f}%); nothing found for {empty} ({100 * empty / len(queries):.0f}%)")
