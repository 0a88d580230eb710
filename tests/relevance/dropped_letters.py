#!/usr/bin/env python3
"""A word of nine letters typed alone with two of its letters dropped, as a reader in a
hurry types it, with no space after it (the way a search box sees every query): how often
the first hit marks the word meant, and how often nothing is found at all.

    python3 tests/relevance/dropped_letters.py target/release/izdeu www

The words are the first 400 of nine letters among the 6,000 most frequent words of
corpus/. Each loses two letters after its first; typed words that are words of the corpus
themselves are left out. Two typos are allowed from nine letters, counted on the longer
word, so the word typed is within reach while typed as once ended."""
import random, sys

from searched import corpus_word_counts, marked_words

binary, index = sys.argv[1], sys.argv[2]
random.seed(7)
counts = corpus_word_counts()
meant = [w for w, _ in counts.most_common(6000) if len(w) == 9][:400]
queries = []
for word in meant:
    first, second = sorted(random.sample(range(1, len(word)), 2))
    typed = word[:first] + word[first + 1:second] + word[second + 1:]
    if typed not in counts:
        queries.append((word, typed))
for ended in (False, True):
    found = first_hit = 0
    for (word, _), marks in zip(queries, marked_words(binary, index, [t + " " * ended for _, t in queries], 1)):
        found += bool(marks)
        first_hit += bool(marks) and word in marks[0]
    print(f"{len(queries)} nine-letter words typed with two letters dropped, {'ended' if ended else 'being typed'}: "
          f"the first hit marks the word meant for {first_hit} ({100 * first_hit / len(queries):.0f}%); "
          f"nothing found for {len(queries) - found} ({100 * (len(queries) - found) / len(queries):.0f}%)")
