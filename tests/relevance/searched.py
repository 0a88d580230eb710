"""What the scripts of this folder share: the words of corpus/, a word with a typo, and the
words that the hits of a query mark."""
import collections, glob, json, random, re, subprocess


def corpus_word_counts():
    """How often each word of corpus/ occurs, lowercased (Latin, Russian and Kazakh letters)."""
    text = " ".join(open(path, encoding="utf-8").read().lower() for path in sorted(glob.glob("corpus/*.txt")))
    return collections.Counter(re.findall(r"\b[a-zа-яёәіңғүұқөһ]+\b", text))


def with_typo(word, kinds=3):
    """`word` with one typo after its first letter, drawn from `random`: a letter dropped, two
    neighbours swapped, a letter replaced by another of the word or (with `kinds` 4) one of
    the word added."""
    kind, at = random.randrange(kinds), random.randrange(1, len(word) - 1)
    if kind == 0:
        return word[:at] + word[at + 1:]
    if kind == 1:
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    if kind == 2:
        return word[:at] + random.choice(word) + word[at + 1:]
    return word[:at] + random.choice(word) + word[at:]


def marked_words(binary, index, queries, limit):
    """For each of `queries`, in order, the words each of its first `limit` hits marks,
    lowercased: `izdeu search INDEX --json` with the queries on standard input."""
    lines = subprocess.run([binary, "search", index, "--json", "--limit", str(limit)], input="".join(q + "\n" for q in queries),
                           capture_output=True, text=True, check=True).stdout.splitlines()
    return [[[m.lower() for m in re.findall(r"<mark>(.*?)</mark>", hit["snippet"])] for hit in json.loads(line)] for line in lines]
