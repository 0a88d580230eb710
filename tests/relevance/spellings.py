"""How readers type Cyrillic words otherwise, for the query sets of this folder."""

RUSSIAN_KEYS = "йцукенгшщзхъфывапролджэячсмитьбю"
US_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,."
# A Russian word typed with the keyboard in the US layout.
TO_US_LAYOUT = dict(zip(RUSSIAN_KEYS, US_KEYS)) | {"ё": "`"}
# A Cyrillic word in plain ASCII letters, as people write it (қ→q, ш→sh, ы→y, ...).
TO_ASCII = dict(zip("абвгдезийклмнопрстуфыэәіңғүұқөһ", "abvgdeziiklmnoprstufyeainguuqoh")) | {
    "ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ь": "", "ю": "yu", "я": "ya"}
