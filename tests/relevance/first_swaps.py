#!/usr/bin/env python3
"""Words typed alone with their first two letters swapped (рпаво for право, azkon for
zakon): how often the first hit marks the word meant, and how often nothing is found.

    python3 tests/relevance/first_swaps.py target/release/izdeu www

The words are the first 800 of four letters or more among the 4,000 most frequent words of
corpus/ whose first two letters differ. Typed words that are words of the corpus
themselves are left out. Each is queried alone twice: ended with a space, and as typed
with no space after it (its last word is then read as the beginning of a longer one)."""
import collections, glob, json, re, subprocess, sys

binary, index = sys.argv[1], sys.argv[2]
text = " ".join(open(path, encoding="utf-8").read().lower() for path in sorted(glob.glob("corpus/*.txt")))
counts = collections.Counter(re.findall(r"\b[a-zа-яёәіңғүұқөһ]+\b", text))
meant = [w for w, _ in counts.most_common(4000) if len(w) >= 4 and w[0] != w[1]][:800]
queries = [(word, word[1] + word[0] + word[2:]) for word in meant if word[1] + word[0] + word[2:] not in counts]
for ending, how in ((" ", "ended with a space"), ("", "still being typed")):
    lines = subprocess.run([binary, "search", index, "--json", "--limit", "1"], input="".join(f"{t}{ending}\n" for _, t in queries),
                           capture_output=True, text=True, check=True).stdout.splitlines()
    marked = empty = 0
    for (word, _), line in zip(queries, lines):
        hits = json.loads(line)
        empty += not hits
        marked += bool(hits) and word in {m.lower() for m in re.findall(r"<mark>(.*?)</mark>", hits[0]["snippet"])}
    print(f"{len(queries)} words with their first two letters swapped, {how}: the first hit marks the word meant "
          f"for {marked} ({100 * marked / len(queries):.0f}%); nothing found for {empty} ({100 * empty / len(queries):.0f}%)")
