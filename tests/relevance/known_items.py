#!/usr/bin/env python3
"""Fresh known-item queries over corpus/, made as tests/data/dev-queries.jsonl was: 2-3
words of one passage (three lines of a page) that together occur on at most two pages,
as typed whole (exact) and with the last word cut to half its length (prefix). A check
of the ranking on queries it was not tuned on:

    python3 tests/relevance/known_items.py SEED COUNT > /tmp/q.jsonl
    target/release/izdeu eval /tmp/q.jsonl www

Words are letters only, six or more, and not the first or last word of a line (those may
be halves of a word hyphenated across the line end)."""
import glob, json, os, random, re, sys
from collections import defaultdict

seed, count = (int(a) for a in sys.argv[1:3])
random.seed(seed)
WORD = re.compile(r"[^\W\d_]+")
corpus = os.path.join(os.path.dirname(__file__), "..", "..", "corpus")

docs = []
for path in sorted(glob.glob(os.path.join(corpus, "*.txt"))):
    raw = open(path, "rb").read()
    lines, page, at = [], 0, 0  # (start, end, page) of each line
    for line in raw.split(b"\n"):
        if line.startswith(b" ") or page == 0:
            page += 1
        lines.append((at, at + len(line), page))
        at += len(line) + 1
    docs.append((os.path.basename(path), raw, lines))

def words(raw, start, end):
    return WORD.findall(raw[start:end].decode("utf-8", "replace").lower())

pages_of = defaultdict(set)
for name, raw, lines in docs:
    for start, end, page in lines:
        for word in words(raw, start, end):
            pages_of[word].add((name, page))

made = []
while len(made) < count:
    name, raw, lines = random.choice(docs)
    i = random.randrange(len(lines) - 2)
    if lines[i][2] != lines[i + 2][2]:
        continue
    passage = list(dict.fromkeys(w for s, e, _ in lines[i:i + 3] for w in words(raw, s, e)[1:-1] if len(w) >= 6))
    if len(passage) < 3:
        continue
    picked = random.sample(passage, random.choice([2, 3]))
    together = set.intersection(*(pages_of[w] for w in picked))
    if not together or len(together) > 2:
        continue
    where = {"words": picked, "doc": name, "page": lines[i][2], "start": lines[i][0], "end": lines[i + 2][1]}
    n = len(made) // 2
    made.append({"category": "exact", "query": " ".join(picked), **where, "id": f"exact-{n}"})
    cut = picked[-1][:max(3, len(picked[-1]) // 2)]
    made.append({"category": "prefix", "query": " ".join(picked[:-1] + [cut]), **where, "id": f"prefix-{n}"})
for query in made:
    print(json.dumps(query, ensure_ascii=False))
