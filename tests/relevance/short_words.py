#!/usr/bin/env python3
"""Short words typed alone and left without a space, as a reader who searches for право,
заң or AI stops typing: how often the hits show the word itself rather than only longer
words it begins.

    python3 tests/relevance/short_words.py target/release/izdeu www

The words are those of two to five letters that corpus/ has on three pages or more (a page
begins at a line that starts with a space; a word hyphenated across a line end counts
joined). Each is queried alone, with no space after it; the script prints how often the
first hit marks the word as typed, and how many of the first five hits do."""
import collections, glob, re, sys

from searched import marked_words

binary, index = sys.argv[1], sys.argv[2]
pages = collections.Counter()
for path in sorted(glob.glob("corpus/*.txt")):
    text = re.sub(r"-[ \t]*\n[ \t]*(?=\w)", "", open(path, encoding="utf-8").read())
    for page in re.split(r"\n(?=[ \t])", text):
        pages.update(set(re.findall(r"[^\W\d_]+", page.lower())))
words = sorted(w for w, n in pages.items() if 2 <= len(w) <= 5 and n >= 3)
first = in_five = 0
for word, marked in zip(words, marked_words(binary, index, words, 5)):
    first += bool(marked) and word in marked[0]
    in_five += sum(word in m for m in marked)
print(f"{len(words)} words: the first hit marks the word typed for {first}; "
      f"of the first five hits, {in_five} of {5 * len(words)} do")
