#!/usr/bin/env python3
"""Fresh known-item queries over corpus/, made as tests/data/dev-queries.jsonl was: 2-3
words of one passage (three lines of a page) that together occur on at most two pages,
typed in each of the six ways the dev set has. A check of the ranking on queries it was
not tuned on:

    python3 tests/relevance/known_items.py SEED COUNT > /tmp/q.jsonl   # COUNT of each kind
    target/release/izdeu eval /tmp/q.jsonl www

Words are letters only, six or more, and not the first or last word of a line (those may
be halves of a word hyphenated across the line end). A passage starts at any line of the
corpus, each as likely: a long document gets as many queries as its length.

- exact: the words as they stand; prefix: the last one cut to half its length (3+ letters);
- typo: one edit in each word (insert, delete, substitute, swap two neighbours), two in
  some words of nine letters or more; the first letter is kept;
- inflect: one word replaced by another form of it found elsewhere in the corpus (same
  first letters, all but the last three and at least five), not on the passage's page;
- layout: words of a Russian passage typed with the keyboard in the US layout;
- translit: Cyrillic words written in plain ASCII letters (қ→q, ш→sh, ы→y, ...).

With --phrases, phrases instead, as readers also type them: 3-4 words in a row of one line
of Cyrillic text, one of them a word of one or two letters (в, на, и, да), all of them
together on at most two pages; as they stand (phrase), in plain ASCII letters
(phrase-translit) and, for a line without Kazakh letters, on the US layout (phrase-layout):

    python3 tests/relevance/known_items.py SEED COUNT --phrases > /tmp/p.jsonl

With --forms, other forms typed otherwise, which the dev set does not have: an inflect
query in plain ASCII letters (inflect-translit) and, for a passage without Kazakh letters,
on the US layout (inflect-layout); and a Kazakh word of the passage with a case or plural
ending that nowhere in the corpus follows it (unseen: құқықтықта, лицензиялықтан), as it
stands and in plain ASCII letters (unseen-translit):

    python3 tests/relevance/known_items.py SEED COUNT --forms > /tmp/f.jsonl"""
import glob, json, os, random, re, sys
from collections import defaultdict

from spellings import TO_ASCII, TO_US_LAYOUT

seed, count = (int(a) for a in sys.argv[1:3])
phrases = sys.argv[3:] == ["--phrases"]
forms = sys.argv[3:] == ["--forms"]
random.seed(seed)
WORD = re.compile(r"[^\W\d_]+")
CYRILLIC = re.compile(r"^[а-яёәіңғүұқөһ]+$")
KAZAKH_LETTERS = re.compile(r"[әіңғүұқөһ]")
KINDS = ["exact", "prefix", "typo", "inflect", "layout", "translit"]
FORM_KINDS = ["inflect-translit", "inflect-layout", "unseen", "unseen-translit"]
corpus = os.path.join(os.path.dirname(__file__), "..", "..", "corpus")

LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәіңғүұқөһ"

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

def text(raw, start, end):
    return raw[start:end].decode("utf-8", "replace").lower()

pages_of = defaultdict(set)
for name, raw, lines in docs:
    for start, end, page in lines:
        for word in WORD.findall(text(raw, start, end)):
            pages_of[word].add((name, page))
by_head = defaultdict(list)
for word in pages_of:
    by_head[word[:5]].append(word)

def other_form(word, page):
    shared = max(5, len(word) - 3)
    forms = [w for w in by_head[word[:5]] if w != word and len(w) >= 5 and w[:shared] == word[:shared] and page not in pages_of[w]]
    return random.choice(sorted(forms)) if forms else None

def with_typos(word):
    letters = LATIN if word.isascii() else CYRILLIC_LETTERS
    for _ in range(2 if len(word) >= 9 and random.random() < 0.5 else 1):
        i = random.randrange(1, len(word))
        edit = random.choice(["insert", "delete", "substitute", "swap"])
        if edit == "insert":
            word = word[:i] + random.choice(letters) + word[i:]
        elif edit == "delete":
            word = word[:i] + word[i + 1:]
        elif edit == "substitute":
            word = word[:i] + random.choice(letters.replace(word[i], "")) + word[i + 1:]
        elif i + 1 < len(word) and word[i] != word[i + 1]:
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        else:
            word = word[:i] + word[i + 1:]
    return word

BACK_VOWELS, FRONT_VOWELS = "аоұы", "әөүіе"

# Case, plural and possessive endings: a word that has one already takes no other here.
ENDED = re.compile(r"(ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|на|не|да|де|та|те|нда|нде|дан|ден|тан|тен|нан|нен|"
                   r"лар|лер|дар|дер|тар|тер|ны|ні|ды|ді|ты|ті|ын|ін|ы|і|сы|сі|мен|бен|пен|ған|ген|қан|кен)$")

def with_ending(word):
    """The word with a Kazakh case or plural ending, by vowel harmony and its last sound."""
    vowels = [c for c in word if c in BACK_VOWELS + FRONT_VOWELS]
    if not vowels or ENDED.search(word):
        return None
    front = vowels[-1] in FRONT_VOWELS
    after_vowel, voiceless = word[-1] in "аәеоөұүыіиуэюя", word[-1] in "пфкқтсшщчцхһ"
    back, fore = random.choice([
        ("ның", "нің") if after_vowel else ("тың", "тің") if voiceless else ("дың", "дің"),  # genitive
        ("ға", "ге") if after_vowel else ("қа", "ке") if voiceless else ("ға", "ге"),  # dative
        ("та", "те") if voiceless else ("да", "де"),  # locative
        ("тан", "тен") if voiceless else ("дан", "ден"),  # ablative
        ("лар", "лер") if after_vowel else ("тар", "тер") if voiceless else ("дар", "дер"),  # plural
    ])
    return word + (fore if front else back)

SPELLED = {"layout": TO_US_LAYOUT, "translit": TO_ASCII}

def spelled(script, word):
    """The word typed on the US layout or in plain ASCII letters."""
    return "".join(SPELLED[script][c] for c in word)

def typed(kind, picked, page):
    base, _, script = kind.partition("-")
    if base in SPELLED:
        base, script = "exact", base
    words = typed_as(base, picked, page)
    if not words or not script:
        return words
    return all(eligible(kind, w) for w in words) and [spelled(script, w) for w in words]

def typed_as(base, picked, page):
    if base == "exact":
        return picked
    if base == "prefix":
        return picked[:-1] + [picked[-1][:max(3, len(picked[-1]) // 2)]]
    if base == "typo":
        return [with_typos(w) for w in picked]
    if base == "inflect":
        i = random.randrange(len(picked))
        form = other_form(picked[i], page)
        return form and picked[:i] + [form] + picked[i + 1:]
    # unseen: a Kazakh word of the passage with an ending the corpus never gives it.
    kazakh = [i for i, w in enumerate(picked) if KAZAKH_LETTERS.search(w)]
    if not kazakh:
        return None
    i = random.choice(kazakh)
    form = with_ending(picked[i])
    return form and form not in pages_of and picked[:i] + [form] + picked[i + 1:]

def eligible(kind, word):
    if kind.endswith("layout"):
        return CYRILLIC.match(word) and not KAZAKH_LETTERS.search(word)
    if kind.endswith("translit"):
        return CYRILLIC.match(word)
    return True

PHRASE_KINDS = {"phrase": lambda w: w, "phrase-translit": lambda w: spelled("translit", w),
                "phrase-layout": lambda w: spelled("layout", w)}

def make_phrases():
    made = {kind: [] for kind in PHRASE_KINDS}
    lines_of = [(d, i) for d, (_, _, lines) in enumerate(docs) for i in range(len(lines))]
    while any(len(queries) < count for queries in made.values()):
        kind = min(PHRASE_KINDS, key=lambda k: len(made[k]))
        d, i = random.choice(lines_of)
        name, raw, lines = docs[d]
        start, end, page = lines[i]
        words = text(raw, start, end).split()[1:-1]
        n = random.choice([3, 4])
        if len(words) < n:
            continue
        j = random.randrange(len(words) - n + 1)
        phrase = words[j:j + n]
        if not all(CYRILLIC.match(w) for w in phrase) or not any(len(w) <= 2 for w in phrase):
            continue
        if sum(len(w) >= 4 for w in phrase) < 2 or len(set.intersection(*(pages_of[w] for w in phrase))) > 2:
            continue
        if kind == "phrase-layout" and any(KAZAKH_LETTERS.search(w) for w in phrase):
            continue
        made[kind].append({"id": f"{kind}-{len(made[kind])}", "category": kind, "query": " ".join(map(PHRASE_KINDS[kind], phrase)),
                           "words": phrase, "doc": name, "page": page, "start": start, "end": end})
    for kind in PHRASE_KINDS:
        for query in made[kind]:
            print(json.dumps(query, ensure_ascii=False))
    sys.exit()

if phrases:
    make_phrases()

if forms:
    KINDS = FORM_KINDS
starts = [(d, i) for d, (_, _, lines) in enumerate(docs) for i in range(len(lines) - 2)]
made = {kind: [] for kind in KINDS}
while any(len(queries) < count for queries in made.values()):
    kind = min(KINDS, key=lambda k: len(made[k]))
    d, i = random.choice(starts)
    name, raw, lines = docs[d]
    if lines[i][2] != lines[i + 2][2]:
        continue
    passage_text = " ".join(text(raw, s, e) for s, e, _ in lines[i:i + 3])
    if kind.endswith("layout") and KAZAKH_LETTERS.search(passage_text):
        continue
    words = (w for s, e, _ in lines[i:i + 3] for w in WORD.findall(text(raw, s, e))[1:-1])
    passage = list(dict.fromkeys(w for w in words if len(w) >= 6 and eligible(kind, w)))
    if len(passage) < 3:
        continue
    picked = random.sample(passage, random.choice([2, 3]))
    together = set.intersection(*(pages_of[w] for w in picked))
    if not together or len(together) > 2:
        continue
    page = lines[i][2]
    query = typed(kind, picked, (name, page))
    if not query:
        continue
    made[kind].append({"id": f"{kind}-{len(made[kind])}", "category": kind, "query": " ".join(query), "words": picked,
                       "doc": name, "page": page, "start": lines[i][0], "end": lines[i + 2][1]})
for kind in KINDS:
    for query in made[kind]:
        print(json.dumps(query, ensure_ascii=False))
