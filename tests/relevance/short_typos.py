#!/usr/bin/env python3
"""Short words typed with a typo, as four letters: how often the first hit marks the word
meant, and how often nothing is found.

    python3 tests/relevance/short_typos.py target/release/izdeu www

The words are the most frequent words of four and five letters in corpus/ (the first 400
among its 3,000 most frequent). A word of five letters loses one of its letters after the
first; one of four has two neighbours after the first swapped. Typed words that are words
of the corpus themselves are left out. Each is queried alone, ended with a space."""
import collections, glob, json, random, re, subprocess, sys

binary, index = sys.argv[1], sys.argv[2]
random.seed(7)
text = " ".join(open(path, encoding="utf-8").read().lower() for path in sorted(glob.glob("corpus/*.txt")))
counts = collections.Counter(re.findall(r"\b[a-zа-яёәіңғүұқөһ]+\b", text))
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
lines = subprocess.run([binary, "search", index, "--json", "--limit", "1"], input="".join(f"{t} \n" for _, t in queries),
                       capture_output=True, text=True, check=True).stdout.splitlines()
marked = empty = 0
for (word, _), line in zip(queries, lines):
    hits = json.loads(line)
    empty += not hits
    marked += bool(hits) and word in {m.lower() for m in re.findall(r"<mark>(.*?)</mark>", hits[0]["snippet"])}
print(f"{len(queries)} words typed with a typo as four letters: the first hit marks the word meant for "
      f"{marked} ({100 * marked / len(queries):.0f}%); no hit for {empty} ({100 * empty / len(queries):.0f}%)")
