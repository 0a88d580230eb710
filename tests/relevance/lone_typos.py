#!/usr/bin/env python3
"""A word of five to nine letters typed alone with one typo and no space after it, as a
reader who mistyped a word stops typing: how often the hits mark the word meant rather than
only longer words that it, mistyped, begins.

    python3 tests/relevance/lone_typos.py target/release/izdeu www

The words are the first 600 of five to nine letters among the 4,000 most frequent words of
corpus/. Each gets one typo after its first letter (a letter dropped, two neighbours
swapped, or a letter replaced by another of the word); typed words that are words of the
corpus themselves are left out."""
import random, sys

from searched import corpus_word_counts, marked_words, with_typo

binary, index = sys.argv[1], sys.argv[2]
random.seed(11)
counts = corpus_word_counts()
meant = [w for w, _ in counts.most_common(4000) if 5 <= len(w) <= 9][:600]
queries = []
for word in meant:
    typed = with_typo(word)
    if typed != word and typed not in counts:
        queries.append((word, typed))
first = top3 = 0
for (word, _), marks in zip(queries, marked_words(binary, index, [t for _, t in queries], 3)):
    first += bool(marks) and word in marks[0]
    top3 += sum(word in m for m in marks)
print(f"{len(queries)} words typed alone with a typo: the first hit marks the word meant for {first} "
      f"({100 * first / len(queries):.0f}%); of the first three hits, {top3} of {3 * len(queries)} do")
