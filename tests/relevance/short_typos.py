#!/usr/bin/env python3
"""Short words typed with a typo, as four letters: how often the first hit marks the word
meant, and how often nothing is found.

    python3 tests/relevance/short_typos.py target/release/izdeu www

The words are the most frequent words of four and five letters in corpus/ (the first 400
among its 3,000 most frequent). A word of five letters loses one of its letters after the
first; one of four has two neighbours after the first swapped. Typed words that are words
of the corpus themselves are left out. Each is queried alone, ended with a space."""
import random, sys

from searched import corpus_word_counts, marked_words

binary, index = sys.argv[1], sys.argv[2]
random.seed(7)
counts = corpus_word_counts()
meant = [w for w, _ in counts.most_common(3000) if len(w) in (4, 5)][:400]
queries = []
for word in meant:
    if len(word) == 5:
        at = random.randrange(1, 5)
        typed = word[:at] + word[at + 1:]
    else:
        at = random.randrange(1, 3)
        typed = word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if typed not in counts:
        queries.append((word, typed))
marks = marked_words(binary, index, [t + " " for _, t in queries], 1)
empty = sum(not hits for hits in marks)
marked = sum(bool(hits) and word in hits[0] for (word, _), hits in zip(queries, marks))
print(f"{len(queries)} words typed with a typo as four letters: the first hit marks the word meant for "
      f"{marked} ({100 * marked / len(queries):.0f}%); no hit for {empty} ({100 * empty / len(queries):.0f}%)")
