//! Kazakh stemmer: a rule-based suffix stripper.
//!
//! Kazakh is agglutinative. A noun is `root + derivation + plural + possessive + case`,
//! optionally followed by an attributive `-ғы` or a personal ending; a verb is
//! `root + voice + negation + tense/participle + person`. Every suffix has variants
//! chosen by vowel harmony (back -лар, front -лер) and by the sound the stem ends
//! with (-лар after vowels, -дар after voiced consonants, -тар after voiceless ones).
//! The tables below list all variants, and each cut checks the consonant assimilation
//! so that, say, -тар is only cut after a voiceless consonant. Vowel harmony is not
//! checked: loanwords break it and the corpus spells both цифрлық and цифрлік.
//!
//! The algorithm strips layers from the outside in, each at most once:
//!
//! 1. personal ending (-мыз, -мын, -сың ...);
//! 2. a finite verb ending (-ады, -йды, -ып, -са ...); if one is cut, only the verb
//!    stem layers (negation, passive voice, -ла verbaliser) follow;
//! 3. otherwise attributive -ғы (саласындағы), case, possessive, plural;
//! 4. then, as long as something changes, derivational suffixes (-лық, -шы, -лы,
//!    -сыз, -ым) and verbal nouns/participles (-у, -ған, -атын) with their verb
//!    stem layers.
//!
//! A cut must leave a plausible stem: three letters with a vowel, or a vowel and a
//! consonant (ел, іс). When a vowel-initial suffix is cut, the voiced consonant that
//! spelling puts before it is devoiced back (құқығы → құқық, кітабы → кітап), and
//! a few stems spelt differently inside words are restored (халқы → халық).
//!
//! Suffix stripping alone cannot tell тұлға (person) from тұл + -ға, or кеңес+і
//! from жүйе+сі. A table of known stems lists frequent words whose ending only looks like a
//! suffix: a cut that lands on one of them is preferred and ends stripping, and a
//! cut is refused when cutting one letter less would land on one.

use std::cmp::Ordering;

/// Personal (predicative) endings of verbs and nouns: 1sg, 2sg, 1pl and their plurals.
/// -сыз/-сіз (2pl formal) is left to the privative suffix, which it matches anyway.
#[rustfmt::skip]
const PERSONAL_ENDINGS: &[&str] = &[
    "мын", "мін", "бын", "бін", "пын", "пін", // 1sg
    "сың", "сің", "сыңдар", "сіңдер", "сыздар", "сіздер", // 2sg, 2pl
    "мыз", "міз", "быз", "біз", "пыз", "піз", // 1pl
];

/// Endings that only verbs take and after which no noun suffix can follow.
#[rustfmt::skip]
const FINITE_VERB_ENDINGS: &[&str] = &[
    "ады", "еді", "йды", "йді", "иды", "иді", // present/future 3rd person (дамы + йды = дамиды)
    "мады", "меді", "бады", "беді", "пады", "педі", // negative past 3rd person
    "ылды", "ілді", "ынды", "інді", "лды", "лді", "нды", "нді", // passive past 3rd person
    "айық", "ейік", "йық", "йік", // "let us" (қарастырайық)
    "ып", "іп", "п", // converb
    "май", "мей", "бай", "бей", "пай", "пей", // negative converb
    "са", "се", // conditional
    "ыла", "іле", // converb of a passive verb (қолданыла)
];

/// Endings of vowel-final verb stems that take the passive -л/-н in the past
/// tense (анықта-л-ды, жаса-л-ды, байқа-л-ды, тірке-л-ді, қара-л-ды).
#[rustfmt::skip]
const VERB_STEM_ENDINGS_BEFORE_PASSIVE: &[&str] = &[
    "та", "те", "да", "де", "ла", "ле", "са", "се", "қа", "ке", "ра", "ре",
];

/// Present-tense stem vowel, cut only when a personal ending followed it (қарастыр-а-мыз).
const PRESENT_STEM_VOWELS: &[&str] = &["а", "е", "й"];

/// Attributive suffix forming adjectives from nouns of place and time (жылғы, саладағы).
const ATTRIBUTIVE: &[&str] = &["ғы", "гі", "қы", "кі"];

/// Case endings. The forms in н- (-нда, -на, -н, -нша) follow a 3rd person possessive.
#[rustfmt::skip]
const CASE_ENDINGS: &[&str] = &[
    "ның", "нің", "дың", "дің", "тың", "тің", // genitive
    "ға", "ге", "қа", "ке", "на", "не", // dative
    "ны", "ні", "ды", "ді", "ты", "ті", "н", // accusative
    "да", "де", "та", "те", "нда", "нде", // locative
    "дан", "ден", "тан", "тен", "нан", "нен", // ablative
    "мен", "бен", "пен", "менен", "бенен", "пенен", // instrumental
    "нша", "нше", // "according to" after a possessive (пікірінше)
];

/// Possessive endings: 2sg, 2sg formal, 1pl, 3rd person. The 1sg -ым/-ім is
/// cut with the derivational suffixes, as it has the same form as the deverbal
/// noun suffix (шешім, білім), which is cut in every form of the word. Bare -м
/// and -ң are left out: too many stems end in м/ң (адам, заң).
#[rustfmt::skip]
const POSSESSIVE_ENDINGS: &[&str] = &[
    "ың", "ің", // 2sg
    "ыңыз", "іңіз", "ңыз", "ңіз", // 2sg formal
    "ымыз", "іміз", "мыз", "міз", // 1pl
    "ы", "і", "сы", "сі", // 3rd person
];

/// Plural endings.
const PLURAL_ENDINGS: &[&str] = &["лар", "лер", "дар", "дер", "тар", "тер"];

/// Derivational suffixes worth merging for search.
#[rustfmt::skip]
const DERIVATIONAL_SUFFIXES: &[&str] = &[
    "лық", "лік", "дық", "дік", "тық", "тік", // abstract noun (құқықтық, мүмкіндік)
    "шы", "ші", // agent (сақтандырушы, басшы)
    "ыншы", "інші", "ншы", "нші", // ordinal (бірінші, екінші)
    "лы", "лі", "ды", "ді", "ты", "ті", // "having" (маңызды, тиімді)
    "сыз", "сіз", // "without" (заңсыз, тәуелсіз)
    "ым", "ім", // deverbal noun (шешім, білім) and 1sg possessive
];

/// Verbal nouns and participles, which take noun suffixes.
#[rustfmt::skip]
const VERBAL_NOUN_SUFFIXES: &[&str] = &[
    "у", // verbal noun (қорғау)
    "ған", "ген", "қан", "кен", // past participle
    "атын", "етін", "йтын", "йтін", "итын", "итін", // present participle
];

/// Negation, between the verb stem and its tense.
const NEGATION: &[&str] = &["ма", "ме", "ба", "бе", "па", "пе"];

/// Passive voice: -ыл/-іл after consonants, -л after vowels, -ын/-ін after л,
/// -н after a vowel that follows л (бағала-н, қабылда-н).
const PASSIVE_VOICE: &[&str] = &["ыл", "іл", "л", "ын", "ін", "н"];

/// Verbaliser forming verbs from nouns (қайта → қайтала, баға → бағала, пайда → пайдалан).
const VERBALISER: &[&str] = &["ла", "ле", "лан", "лен"];

/// Words whose ending looks like a suffix but is part of the stem. Sorted (a unit
/// test checks it) for binary search.
#[rustfmt::skip]
const KNOWN_STEMS: &[&str] = &[
    "азамат", "айнал", "айқын", "аудан", "ауқым", "ақпарат", "ақы", "ақыл", "басқа", "баға",
    "бақыла", "белгі", "белсен", "бет", "бизнес", "бүгін", "бұрын", "дейін", "денсаулық", "деңгей",
    "дәлел", "екі", "жалған", "жарлық", "жарғы", "жауап", "жағдай", "жақын", "желі", "жеткілік",
    "жүйе", "заман", "капитал", "кейін", "келесі", "кешен", "кеңес", "күрделі", "кәсіп",
    "кәсіпорын", "көзқарас", "мазмұн", "мақсат", "мемлекет", "мерзім", "мысал", "міндет", "мүдде",
    "мүмкін", "мәтін", "ниет", "орган", "отан", "пайда", "процес", "салдар", "санат", "сапа",
    "саясат", "сервис", "сипат", "табиғат", "талап", "тарап", "тақырып", "термин", "теңге", "тиіс",
    "тізім", "түйін", "тұлға", "тұрғы", "тұрғын", "тәртіп", "тәсіл", "формат", "штат", "ғалым",
    "ғылым", "қабілет", "қазақстан", "қайшы", "қамтамасыз", "қаржы", "қарым", "қатынас", "қаулы",
    "қауіп", "қағидат", "қиын", "қолдан", "қорытынды", "қуат", "қызмет", "құрылғы", "үшін", "ұйым",
    "әдіс", "әкім", "әлпет", "әмбебап", "әрекет",
];

/// Stems spelt differently inside a word: a vowel dropped before a vowel-initial
/// suffix (халық → халқы), or a vowel added to a loanword's final кт (акт → актілер).
const SPELLING_VARIANTS: &[(&str, &str)] = &[
    ("акті", "акт"),
    ("аспекті", "аспект"),
    ("интеллекті", "интеллект"),
    ("контракті", "контракт"),
    ("мүлк", "мүлік"),
    ("объекті", "объект"),
    ("проекті", "проект"),
    ("субъекті", "субъект"),
    ("факті", "факт"),
    ("халқ", "халық"),
    ("қауп", "қауіп"),
];

/// Returns the stem of a lowercase Kazakh word (NFC, Cyrillic, already lowercased, ё folded to е).
pub fn stem(word: &str) -> String {
    if !is_kazakh_word(word) {
        return word.to_owned();
    }
    let mut stemmer = Stemmer {
        stem: word.to_owned(),
        done: false,
    };
    stemmer.run();
    stemmer.stem
}

struct Stemmer {
    stem: String,
    /// Set once the stem is a known stem or a restored spelling: nothing more is cut.
    done: bool,
}

impl Stemmer {
    fn run(&mut self) {
        self.done = is_known_stem(&self.stem, "");
        let had_personal_ending = self.cut(PERSONAL_ENDINGS, |_, _| true).is_some();
        if self.strip_finite_verb(had_personal_ending) {
            self.strip_verb_stem();
        } else {
            self.strip_noun();
        }
        self.drop_soft_sign();
    }

    fn strip_noun(&mut self) {
        self.strip_attributive();
        self.strip_case();
        self.strip_possessive();
        self.cut(PLURAL_ENDINGS, |_, _| true);
        // A verb stem holds no second participle: after one is cut, another verbal
        // noun may only be cut once a derivational suffix came off (бұз-у-шы-лық).
        let mut may_cut_verbal_noun = true;
        loop {
            if self.strip_derivational() {
                may_cut_verbal_noun = true;
            } else if may_cut_verbal_noun && self.strip_verbal_noun() {
                may_cut_verbal_noun = false;
            } else {
                break;
            }
        }
    }

    fn strip_finite_verb(&mut self, had_personal_ending: bool) -> bool {
        let cut = self.cut(FINITE_VERB_ENDINGS, |rem, suffix| match suffix {
            // Not a known noun in -л with the accusative -ды (тәсіл-ді).
            "ылды" | "ілді" => {
                char_count(rem) >= 3 && !is_known_stem(rem, &suffix[..suffix.len() - "ды".len()])
            }
            "ынды" | "інді" => rem.ends_with('л'),
            // After a vowel only for verb-like stems (анықта-л-ды, жаса-л-ды), not for
            // loanwords in -иал/-уал (виртуал-ды) or known nouns (мысал-ды).
            "лды" | "лді" => {
                char_count(rem) >= 4
                    && VERB_STEM_ENDINGS_BEFORE_PASSIVE
                        .iter()
                        .any(|v| rem.ends_with(v))
                    && !is_known_stem(rem, &suffix[..suffix.len() - "ды".len()])
            }
            "нды" | "нді" => takes_passive_n(rem),
            // анықт-ады is the past анықта-ды: a verb stem ending in a cluster
            // before т/д is a vowel-final stem (айт, өзгерт keep their -ады).
            "ады" | "еді" => !ends_like_vowel_verb_before_past(rem),
            _ => true,
        });
        cut.is_some()
            || (had_personal_ending && self.cut(PRESENT_STEM_VOWELS, |_, _| true).is_some())
    }

    /// Negation, passive voice and the -ла verbaliser (which leaves a noun), else
    /// the stem vowel of verbs in -ы/-і that the verbal noun drops (дамыған, даму → дам).
    fn strip_verb_stem(&mut self) {
        self.cut(NEGATION, |_, _| true);
        self.cut(PASSIVE_VOICE, |rem, suffix| match suffix {
            "ын" | "ін" => rem.ends_with('л'),
            "н" => takes_passive_n(rem),
            _ => true,
        });
        if self.cut(VERBALISER, |_, _| true).is_none() {
            self.drop_verb_stem_vowel();
        }
    }

    /// Loanwords drop a final ь before a vowel-initial suffix (модель, моделі).
    fn drop_soft_sign(&mut self) {
        if let Some(without) = self.stem.strip_suffix('ь').filter(|s| is_plausible_stem(s)) {
            self.stem.truncate(without.len());
        }
    }

    fn drop_verb_stem_vowel(&mut self) {
        if self.done {
            return;
        }
        let mut chars = self.stem.chars().rev();
        let ends_in_consonant_and_vowel =
            matches!((chars.next(), chars.next()), (Some('ы' | 'і'), Some(c)) if !is_vowel(c));
        if ends_in_consonant_and_vowel && char_count(&self.stem) >= 3 {
            self.stem.pop();
        }
    }

    /// -ғы after a locative (саладағы) or after a consonant (жылғы, ішкі); after
    /// other vowels it is a possessive (құқығы).
    fn strip_attributive(&mut self) {
        self.cut(ATTRIBUTIVE, |rem, _| {
            !last_char(rem).is_some_and(is_vowel)
                || ["да", "де", "та", "те"].iter().any(|l| rem.ends_with(l))
        });
    }

    fn strip_case(&mut self) {
        self.cut(CASE_ENDINGS, |rem, suffix| match suffix {
            // Pronominal н: only right after a 3rd person possessive.
            "на" | "не" | "нда" | "нде" | "нша" | "нше" => {
                ends_with_possessive_vowel(rem)
            }
            // The н of a participle (ететін, жасаған-ы) is not a case ending.
            "н" => ends_with_possessive_vowel(rem) && !ends_like_participle(rem),
            "ны" | "ні" => last_char(rem).is_some_and(is_vowel) && !ends_like_participle(rem),
            _ => true,
        });
    }

    fn strip_possessive(&mut self) {
        self.cut(POSSESSIVE_ENDINGS, |rem, suffix| match suffix {
            // After у the 3rd person is -ы (дау-ы, реттеу-і), as after consonants.
            "сы" | "сі" => {
                last_char(rem).is_some_and(|c| is_vowel(c) && c != 'у')
                    && !ends_like_action_noun(rem)
            }
            // The final vowel of an agent noun (басшы, беруші), an ordinal
            // (екінші) or an adjective in -лы (түрлі) is not a possessive.
            "ы" | "і" => !ends_like_agent_noun(rem) && !ends_like_adjective(rem),
            _ => true,
        });
    }

    fn strip_derivational(&mut self) -> bool {
        self.cut(DERIVATIONAL_SUFFIXES, |_, _| true).is_some()
    }

    fn strip_verbal_noun(&mut self) -> bool {
        if self.cut(VERBAL_NOUN_SUFFIXES, |_, _| true).is_none() {
            return false;
        }
        self.strip_verb_stem();
        true
    }

    /// Cuts one suffix from `suffixes`: one that lands on a known stem if there is
    /// one, else the longest. The stem left must be plausible, fit the suffix's
    /// first sound ([`fits_after`]) and pass `allowed(remainder, suffix)`.
    fn cut(
        &mut self,
        suffixes: &[&'static str],
        allowed: impl Fn(&str, &str) -> bool,
    ) -> Option<&'static str> {
        if self.done {
            return None;
        }
        let mut best: Option<&'static str> = None;
        for &suffix in suffixes {
            let Some(rem) = strip_suffix(&self.stem, suffix) else {
                continue;
            };
            if !is_plausible_stem(rem) || !fits_after(rem, suffix) {
                continue;
            }
            if lands_on_known_stem(rem, suffix) {
                best = Some(suffix);
                break;
            }
            if !allowed(rem, suffix) || one_letter_off_a_known_stem(&self.stem, suffix) {
                continue;
            }
            if !best.is_some_and(|b| b.len() >= suffix.len()) {
                best = Some(suffix);
            }
        }
        let suffix = best?;
        self.stem.truncate(self.stem.len() - suffix.len());
        if starts_with_vowel(suffix) {
            devoice_last(&mut self.stem);
        }
        if let Some(&(_, standard)) = SPELLING_VARIANTS
            .iter()
            .find(|(variant, _)| *variant == self.stem)
        {
            self.stem.clear();
            self.stem.push_str(standard);
            self.done = true;
        }
        self.done = self.done || is_known_stem(&self.stem, "");
        Some(suffix)
    }
}

/// `str::strip_suffix`, rejecting most suffixes by their last byte first: this
/// runs for every suffix of every table, and Cyrillic letters share lead bytes.
fn strip_suffix<'a>(stem: &'a str, suffix: &str) -> Option<&'a str> {
    if stem.as_bytes().last() != suffix.as_bytes().last() {
        return None;
    }
    stem.strip_suffix(suffix)
}

/// True for a non-empty word made only of Kazakh Cyrillic lowercase letters.
fn is_kazakh_word(word: &str) -> bool {
    !word.is_empty()
        && word.chars().all(|c| {
            matches!(
                c,
                'а'..='я' | 'ә' | 'і' | 'ң' | 'ғ' | 'ү' | 'ұ' | 'қ' | 'ө' | 'һ'
            )
        })
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'ә' | 'е' | 'и' | 'о' | 'ө' | 'у' | 'ұ' | 'ү' | 'ы' | 'і' | 'э' | 'ю' | 'я'
    )
}

fn is_voiceless(c: char) -> bool {
    matches!(
        c,
        'к' | 'қ' | 'п' | 'с' | 'т' | 'ф' | 'х' | 'һ' | 'ц' | 'ч' | 'ш' | 'щ'
    )
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

fn char_count(s: &str) -> usize {
    s.chars().count()
}

fn starts_with_vowel(s: &str) -> bool {
    s.chars().next().is_some_and(is_vowel)
}

/// At least three letters with a vowel, or a vowel followed by a consonant (ел, іс).
fn is_plausible_stem(s: &str) -> bool {
    let mut chars = s.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(a), Some(b), None) => is_vowel(a) && !is_vowel(b),
        (Some(_), Some(_), Some(_)) => s.chars().any(is_vowel),
        _ => false,
    }
}

/// Whether a suffix's first sound may follow the stem's last one. After у, Kazakh
/// treats the stem as consonant-final (дауы, реттеуді).
fn fits_after(rem: &str, suffix: &str) -> bool {
    let (Some(prev), Some(first)) = (last_char(rem), suffix.chars().next()) else {
        return false;
    };
    let prev_is_vowel = is_vowel(prev) && prev != 'у';
    if suffix == "п" {
        return prev_is_vowel; // the converb -п is the vowel-final form of -ып/-іп
    }
    match first {
        'у' => true,
        c if is_vowel(c) => !prev_is_vowel,
        'т' | 'к' | 'қ' | 'п' => is_voiceless(prev) || matches!(prev, 'б' | 'в' | 'г' | 'д'),
        'д' | 'г' | 'ғ' | 'м' => !is_voiceless(prev),
        'б' => !prev_is_vowel && !is_voiceless(prev),
        'л' => prev_is_vowel || matches!(prev, 'р' | 'й' | 'у'),
        'н' => prev_is_vowel || matches!(prev, 'м' | 'н' | 'ң'),
        'ң' | 'й' => prev_is_vowel,
        _ => true,
    }
}

/// The 3rd person possessive vowel that a pronominal н- case ending follows.
fn ends_with_possessive_vowel(rem: &str) -> bool {
    rem.ends_with('ы') || rem.ends_with('і')
}

/// жасаға|ны, ететі|н: the н belongs to a participle (-ған, -атын), unless the
/// word is a known noun in -ат/-ет (қызметі|н).
fn ends_like_participle(rem: &str) -> bool {
    [
        "ға", "ге", "қа", "ке", "аты", "еті", "йты", "йті", "иты", "иті",
    ]
    .iter()
    .any(|p| rem.ends_with(p))
        && !rem
            .strip_suffix(['ы', 'і'])
            .is_some_and(|noun| is_known_stem(noun, ""))
}

/// беруш|і, екінш|і, басш|ы: a consonant before ш marks the agent suffix -шы
/// or the ordinal -ншы; nouns in ш have a vowel before it (күш, өтініш).
fn ends_like_agent_noun(rem: &str) -> bool {
    let mut chars = rem.chars().rev();
    matches!((chars.next(), chars.next()), (Some('ш'), Some(c)) if !is_vowel(c) || c == 'у')
}

/// түрл|і, қолайл|ы: л after р, й or у is the adjectival -лы (түр-лі); such
/// clusters do not end Kazakh nouns.
fn ends_like_adjective(rem: &str) -> bool {
    ["рл", "йл", "ул"].iter().any(|p| rem.ends_with(p))
}

/// жұмы|сы, байланы|сы: a consonant before ы/і marks an action noun in -ыс/-іс
/// (жұмыс, байланыс), so only -ы is the possessive. Agent nouns (басшы) and
/// adjectives in -ды/-ты/-лы/-ғы end in a vowel and take -сы.
fn ends_like_action_noun(rem: &str) -> bool {
    let mut chars = rem.chars().rev();
    match (chars.next(), chars.next()) {
        (Some('ы' | 'і'), Some(c)) => {
            !is_vowel(c) && !matches!(c, 'ш' | 'г' | 'ғ' | 'к' | 'қ' | 'д' | 'т' | 'л')
        }
        _ => false,
    }
}

/// Vowel-final verb stems whose last consonant is л take the passive -н, not -л
/// (бағала-н, қабылда-н).
fn takes_passive_n(rem: &str) -> bool {
    ["ла", "ле", "лда", "лде", "лта", "лте"]
        .iter()
        .any(|l| rem.ends_with(l))
}

/// анықт|ады, қабылд|ады: a consonant before a final т or д, except the
/// causative -т after й, р, л (айт, өзгерт, жоғалт) and д after й, р.
fn ends_like_vowel_verb_before_past(rem: &str) -> bool {
    let mut chars = rem.chars().rev();
    match (chars.next(), chars.next()) {
        (Some('т'), Some(c)) => !is_vowel(c) && !matches!(c, 'й' | 'р' | 'л'),
        (Some('д'), Some(c)) => !is_vowel(c) && !matches!(c, 'й' | 'р'),
        _ => false,
    }
}

/// б, г, ғ before a vowel-initial suffix stand for stem-final п, к, қ.
fn devoiced(c: char) -> Option<&'static str> {
    match c {
        'б' => Some("п"),
        'г' => Some("к"),
        'ғ' => Some("қ"),
        _ => None,
    }
}

fn devoice_last(stem: &mut String) {
    if let Some(voiceless) = last_char(stem).and_then(devoiced) {
        stem.pop();
        stem.push_str(voiceless);
    }
}

/// Whether `head + tail` is a known stem (two parts, so that callers need not allocate).
fn is_known_stem(head: &str, tail: &str) -> bool {
    KNOWN_STEMS
        .binary_search_by(|known| compare_with_concatenation(known, head, tail))
        .is_ok()
}

/// Orders `known` against `head + tail` byte-wise, as [`KNOWN_STEMS`] is sorted.
/// A plain loop: most comparisons end at the second byte.
fn compare_with_concatenation(known: &str, head: &str, tail: &str) -> Ordering {
    let mut other = head.bytes().chain(tail.bytes());
    for k in known.bytes() {
        match other.next() {
            Some(o) if o == k => {}
            Some(o) => return k.cmp(&o),
            None => return Ordering::Greater,
        }
    }
    if other.next().is_some() {
        Ordering::Less
    } else {
        Ordering::Equal
    }
}

/// Whether cutting `suffix` leaves a known stem once devoiced.
fn lands_on_known_stem(rem: &str, suffix: &str) -> bool {
    let voiced_end = last_char(rem).filter(|_| starts_with_vowel(suffix));
    match voiced_end.and_then(|c| Some((c, devoiced(c)?))) {
        Some((voiced, voiceless)) => {
            is_known_stem(&rem[..rem.len() - voiced.len_utf8()], voiceless)
        }
        None => is_known_stem(rem, ""),
    }
}

/// Whether cutting `suffix` from `stem` is one letter off a known stem: the
/// suffix's first letter belongs to the stem (кеңес|і, not кеңе|сі), or the
/// stem's last consonant belongs to the suffix (белгі|лі, not белгіл|і).
fn one_letter_off_a_known_stem(stem: &str, suffix: &str) -> bool {
    let rem = &stem[..stem.len() - suffix.len()];
    let first_len = suffix.chars().next().map_or(0, char::len_utf8);
    let shorter = &suffix[first_len..];
    let shorter_cut_is_known =
        !shorter.is_empty() && lands_on_known_stem(&stem[..rem.len() + first_len], shorter);
    let longer_cut_is_known = starts_with_vowel(suffix)
        && rem
            .char_indices()
            .next_back()
            .is_some_and(|(i, _)| is_known_stem(&rem[..i], ""));
    shorter_cut_is_known || longer_cut_is_known
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_stems_are_sorted_for_binary_search() {
        assert!(KNOWN_STEMS
            .windows(2)
            .all(|w| w[0].cmp(w[1]) == Ordering::Less));
    }
}
