//! Ranking order between the ways a typed word can match, with real words of the corpus:
//! exact above same-stem above typo above a keyboard-layout or transliteration guess.

use izdeu::corpus::{Document, Unit};
use izdeu::index::IndexWriter;
use izdeu::search::Searcher;

/// One document whose pages are `pages`; returns the searcher.
fn searcher(pages: &[&str]) -> Searcher<Vec<u8>> {
    let units = pages
        .iter()
        .enumerate()
        .map(|(i, text)| Unit { page: i as u32 + 1, start: i as u64 * 100, end: i as u64 * 100 + 99, text: text.to_string(), anchor: format!("page-{}", i + 1), heading: String::new() })
        .collect();
    let mut writer = IndexWriter::new();
    writer.add_document(&Document { path: "doc.txt".into(), title: "Құжат".into(), units }, "docs/doc.txt.html");
    Searcher::open(writer.finish()).expect("a fresh index opens")
}

/// Pages in the order the search ranks them.
fn ranked(searcher: &Searcher<Vec<u8>>, query: &str) -> Vec<u32> {
    searcher.search(query, 10).expect("search works").iter().map(|h| h.page).collect()
}

#[test]
fn exact_beats_typo() {
    // цифрлік (page 1) is one substitution from цифрлық (page 2); both stand in the corpus.
    let s = searcher(&["цифрлік технологиялар", "цифрлық технологиялар"]);
    assert_eq!(ranked(&s, "цифрлық технологиялар "), [2, 1]);
    assert_eq!(ranked(&s, "цифрлік технологиялар "), [1, 2]);
}

#[test]
fn exact_beats_stem_and_stem_beats_typo() {
    // "courts": page 1 has the same stem (court), page 2 one typo (counts), page 3 the word.
    let s = searcher(&["the court decided", "the counts decided", "the courts decided"]);
    assert_eq!(ranked(&s, "courts "), [3, 1, 2]);
}

#[test]
fn a_typo_beats_a_keyboard_layout_guess() {
    // "extnt" is one deletion from "extent", and "учете" typed on a QWERTY keyboard.
    let s = searcher(&["при учете расходов", "to the extent possible"]);
    assert_eq!(ranked(&s, "extnt "), [2, 1]);
    // The same with the Kazakh word ашуда ("fielf" on QWERTY) and the English "field".
    let s = searcher(&["мәселені ашуда", "in the field of law"]);
    assert_eq!(ranked(&s, "fielf "), [2, 1]);
}

#[test]
fn a_word_of_four_letters_found_nowhere_is_read_with_a_typo_after_its_readings() {
    // прво and бнак are in no dictionary, nor do they begin a word: each is one typo from a
    // word (право, банк), as a whole word, not as the beginning of one (процесс, бюджет).
    let s = searcher(&["право и закон", "процесс", "банк", "бюджет"]);
    for query in ["прво ", "прво"] {
        assert_eq!(ranked(&s, query), [1], "{query:?}");
    }
    assert_eq!(ranked(&s, "бнак "), [3]);
    // Its typos are guesses after its reading in another script: suda is суда before Sudan.
    let s = searcher(&["the Sudan case", "решение суда"]);
    assert_eq!(ranked(&s, "suda "), [2, 1]);
}

#[test]
fn layout_and_transliteration_guesses_find_the_cyrillic_word() {
    let s = searcher(&["the law of contract", "закон о договоре", "Қазақстан Республикасының заңы"]);
    assert_eq!(ranked(&s, "pfrjy "), [2], "закон typed on a QWERTY keyboard");
    assert_eq!(ranked(&s, "zakon "), [2], "закон in Latin letters");
    assert_eq!(ranked(&s, "qazaqstan "), [3], "Kazakh 2021 Latin");
    assert_eq!(ranked(&s, "kazakhstan "), [3], "informal Latin");
    assert_eq!(ranked(&s, "казакстан "), [3], "Kazakh typed with Russian letters");
    assert_eq!(ranked(&s, "pf4s "), [3], "заңы typed with the Kazakh layout on QWERTY keys");
}

#[test]
fn a_word_read_in_another_script_or_layout_finds_the_forms_of_that_word() {
    // zañ (Kazakh Latin of 2021), zan and pf4 (the Kazakh layout on US keys) read as заң:
    // each finds заңның as заң typed in Kazakh letters does, also while being typed.
    let s = searcher(&["заң мен тәртіп", "заңның талаптары", "the law of contract"]);
    for query in ["заң ", "zañ ", "zan ", "pf4 ", "zañ", "pf4"] {
        assert_eq!(ranked(&s, query), [1, 2], "{query:?}");
    }
    // способно on US keys also stands for способам, another ending of it (their stems
    // способн and способ differ): page 1 has both words of граждан способно.
    let s = searcher(&["граждан способам защиты", "права граждан и граждан", "способно"]);
    assert_eq!(ranked(&s, "граждан способно "), [1, 2, 3]);
    assert_eq!(ranked(&s, "uhf;lfy cgjcj,yj "), [1, 2, 3]);
}

#[test]
fn a_word_in_a_form_the_corpus_lacks_finds_the_forms_that_sound_like_its_other_endings() {
    // қазақтың stands nowhere. In Kazakh letters its stem finds қазақ; in Latin letters
    // or typed with Russian letters, қазақ sounds like one of its other endings.
    let s = searcher(&["қазақ тілінде", "орыс тілінде"]);
    for query in ["қазақтың ", "qazaqtyñ ", "qazaqtyn", "казактын "] {
        assert_eq!(ranked(&s, query), [1], "{query:?}");
    }
}

#[test]
fn kazakh_letters_written_in_latin_are_read_as_kazakh_first() {
    // Қазақстан and Russian Казахстан sound alike, but a reader who writes q means қ:
    // qazaqstan finds Қазақстан and its forms first, as typed and while being typed.
    // Written with k, as Russian is and Kazakh often is, it finds both alike.
    let s = searcher(&["Республики Казахстан и законы Республики Казахстан", "Қазақстан Республикасы", "Қазақстанның заңдары"]);
    for query in ["qazaqstan ", "qazaqstan", "qazaqst"] {
        let pages = ranked(&s, query);
        assert_eq!(pages.len(), 3, "{query:?}");
        assert_eq!(pages[2], 1, "{query:?}: {pages:?}");
    }
    let mut pages = ranked(&s, "kazakstan ");
    assert_eq!(pages[0], 1, "the page with Казахстан twice");
    pages.sort();
    assert_eq!(pages, [1, 2, 3]);
}

#[test]
fn a_cyrillic_word_a_typo_away_from_a_term_is_read_as_that_typo_not_by_its_sound() {
    // жасаұу is a typo of жасасу and sounds like жасау, жүұеге a typo of жүзеге and sounds
    // like жүйеге. Read as typos, the three words find page 1; read by sound, the forms
    // of жасау and жүйеге (жасауға, жүйелері) would bend the query to page 2.
    let s = searcher(&["шарт жасасу пайдаланушылар жүзеге асырады", "пайдаланушылар жүйелері жасауға", "жүйеге жасау мүмкін"]);
    assert_eq!(ranked(&s, "жасаұу пайдалануышлар жүұеге "), [1, 3, 2]);
}

#[test]
fn a_word_valid_as_typed_is_not_bent_into_another_language() {
    // "field" read on the Russian layout is "ашудв", one letter from ашуда: the English
    // word as typed must come first.
    let s = searcher(&["мәселені ашуда", "in the field of law"]);
    assert_eq!(ranked(&s, "field ")[0], 2);
    // A Russian word typed correctly is not taken for Latin typed on the Cyrillic layout.
    let s = searcher(&["закон о договоре", "the pfrjy string"]);
    assert_eq!(ranked(&s, "закон ")[0], 1);
}

#[test]
fn a_word_alone_is_read_in_the_script_the_corpus_uses_far_more() {
    // Latin goda stands only in a transliterated reference, года on four pages: a reader
    // who typed goda alone meant года, whether still typing it or not.
    let goda = ["Zakon Respubliki Kazakhstan ot 2020 goda", "в течение года", "за два года", "прошлого года", "года и месяца"];
    let s = searcher(&goda);
    for query in ["goda ", "goda"] {
        let ranked = ranked(&s, query);
        assert_ne!(ranked[0], 1, "{query:?}: {ranked:?}");
        assert!(ranked.contains(&1), "{query:?}: the reference is still found: {ranked:?}");
    }
    // Not yet a word as typed, prestupl is read by its completions: the Latin
    // prestuplenija of a reference on one page, преступления on four.
    let s = searcher(&["Ugolovnye prestuplenija 2020", "тяжкие преступления", "состав преступления", "преступления против", "преступления и"]);
    let typing = ranked(&s, "prestupl");
    assert_ne!(typing[0], 1, "{typing:?}");
    assert!(typing.contains(&1), "{typing:?}");
    // The likeliest word each way is weighed, not all forms added up: information on two
    // pages is as likely as информация, though информации, информацию and информационный
    // are on two pages each as well.
    let mut inform = vec!["information law", "access to information"];
    for form in ["информация", "информации", "информацию", "информационный"] {
        inform.extend([form, form]);
    }
    let s = searcher(&inform);
    for query in ["inform", "information "] {
        let ranked = ranked(&s, query);
        assert!(ranked[..2].iter().all(|&page| page <= 2), "{query:?}: {ranked:?}");
    }
    // A word being typed that is a word as typed counts only its whole readings, not
    // their completions: many is no word in Cyrillic letters, маңызды on four pages is
    // another word.
    let s = searcher(&["many cases", "маңызды іс", "маңызды рөл", "маңызды мәселе", "маңызды"]);
    assert_eq!(ranked(&s, "many")[0], 1);
    // Four times the pages is not enough against a word on two: data stays data.
    let s = searcher(&["the data of 2020", "new data", "дата", "дата рождения", "дата подачи", "дата выдачи"]);
    assert!(ranked(&s, "data ")[..2].iter().all(|&page| page <= 2));
    // With another word, the words tell how the query was typed, not the corpus.
    let s = searcher(&goda);
    assert_eq!(ranked(&s, "zakon goda ")[0], 1);
}

#[test]
fn more_matched_words_beat_fewer_cheaper_ones() {
    // Page 2 matches both words, one of them with a typo (қызмед → қызмет); page 1 only
    // one word, exactly.
    let s = searcher(&["мемлекет", "мемлекет қызмет"]);
    assert_eq!(ranked(&s, "мемлекет қызмед "), [2, 1]);
}

#[test]
fn a_word_counts_before_initials_and_prepositions() {
    // An author sought by initials and name: the page with the name, not the page with
    // more of the one-letter words (Р.К. here is Республикасы Кодексі, abbreviated).
    let s = searcher(&["Р.К. Кодексінің 5-бабы, Р. К.", "Рамазан Құмарбекұлы Сәрпеков"]);
    assert_eq!(ranked(&s, "Р.К. Сәрпеков "), [2, 1]);
    let s = searcher(&["R. K. the court of law", "Sarpekov on digital law"]);
    assert_eq!(ranked(&s, "Sarpekov R.K. "), [2, 1]);
    // Among pages with the same words, more short ones still count.
    let s = searcher(&["закон защите", "закон о защите"]);
    assert_eq!(ranked(&s, "закон о защите "), [2, 1]);
}

#[test]
fn a_word_alone_read_in_another_layout_or_script_ranks_as_that_word_typed() {
    // Page 1 has закон itself, page 2 only its completions and other forms, more often. A
    // word typed alone is its own exact form, and read in another layout or script, its
    // reading is: each spelling of закон, typed whole or still being typed, ranks page 1
    // first, as закон does.
    let s = searcher(&["закон о договоре", "законодательство и законодательные законопроекты законов"]);
    for query in ["закон", "закон ", "pfrjy", "pfrjy ", "zakon", "zakon "] {
        assert_eq!(ranked(&s, query), [1, 2], "{query:?}");
    }
    // The same for Kazakh заң on the Kazakh layout (pf4) and in Latin letters.
    let s = searcher(&["заң мен тәртіп", "заңнама заңнамасы заңнаманың заңдар"]);
    for query in ["заң", "pf4", "zañ", "zan "] {
        assert_eq!(ranked(&s, query), [1, 2], "{query:?}");
    }
}

#[test]
fn a_word_alone_mistyped_ranks_the_word_it_is_a_typo_of_before_that_words_completions() {
    // закно and заокн are one typo from закон as a whole word, and from the beginning of
    // законодательство: page 1, with закон itself, comes first, as it does for закон.
    let s = searcher(&["закон о договоре", "законодательство и законодательные законопроекты законов"]);
    for query in ["закно", "заокн"] {
        assert_eq!(ranked(&s, query), [1, 2], "{query:?}");
    }
    // Ended with a space, it is a whole word: закон alone.
    assert_eq!(ranked(&s, "закно "), [1]);
    // As a whole word it stands for the words nearest to it: dcoument is one typo from
    // document and two from documents (nine letters allow two), so page 2, shorter and with
    // one document, comes before page 1 and its many documents.
    let s = searcher(&["documents and more documents: the documents of the court archive", "a document"]);
    assert_eq!(ranked(&s, "dcoument"), [2, 1]);
    assert_eq!(ranked(&s, "dcoument "), [2, 1]);
    // So too when the word is also read by the sound of its letters: соодай is one typo
    // from сондай (and from the beginning of сондайлық), and sounds like создают at a
    // cost above any typo.
    let s = searcher(&["сондайлық заңдар, сондайлық ережелер, сондайлық нормалар", "сондай болды", "создают условия"]);
    assert_eq!(ranked(&s, "соодай"), [2, 1, 3]);
}

#[test]
fn a_dictionary_word_also_finds_its_other_endings() {
    // judgement (page 2) and judged share their first five letters and have no stem in
    // common (judgement, judg), nor are they within two typos: judged is found as another
    // ending of the word typed.
    let s = searcher(&["the judged case", "a judgement day"]);
    let hits = s.search("judgement case ", 10).unwrap();
    assert_eq!(hits[0].page, 1);
    assert!(hits[0].snippet.contains("<mark>judged</mark>"), "{}", hits[0].snippet);
    // The same in Kazakh, where the suffix stripper leaves қатысты and қатысуға apart.
    let s = searcher(&["сотқа қатысуға міндетті", "оған қатысты"]);
    let hits = s.search("сотқа қатысты ", 10).unwrap();
    assert_eq!(hits[0].page, 1);
    assert!(hits[0].snippet.contains("<mark>қатысуға</mark>"), "{}", hits[0].snippet);
    // Only a word of the dictionary: one that is not is more likely mistyped.
    let s = searcher(&["the judged case"]);
    let hits = s.search("judgement case ", 10).unwrap();
    assert!(!hits[0].snippet.contains("<mark>judged</mark>"), "{}", hits[0].snippet);
    // Three letters of its own at most past the shared ones: judges (page 2) is another
    // ending of judged (page 3), judgemental (page 1, six of its own) another word.
    let s = searcher(&["judgemental", "judges", "judged"]);
    assert_eq!(ranked(&s, "judged "), [3, 2]);
}

#[test]
fn a_form_as_typed_outweighs_proximity_only_so_far() {
    // Page 1 has the words in the forms typed, page 2 another form of one of them next to
    // the other: the forms typed win when near (a few words apart), not across a page.
    for (apart, first) in [(5, 1), (50, 2)] {
        let filler = "сөз ".repeat(apart);
        let s = searcher(&[&format!("жасанды {filler}интеллект"), "жасанды интеллектті"]);
        assert_eq!(ranked(&s, "жасанды интеллект ")[0], first, "{apart} words apart");
    }
}

#[test]
fn a_page_is_read_by_the_forms_of_a_word_that_stand_closest() {
    // Page 1 has интеллект as typed 50 words from жасанды and интеллектті right after it;
    // page 2 both as typed, 25 words apart. Page 1 is read by the form beside жасанды.
    let s = searcher(&[&format!("интеллект {}жасанды интеллектті", "сөз ".repeat(50)), &format!("жасанды {}интеллект", "сөз ".repeat(25))]);
    assert_eq!(ranked(&s, "жасанды интеллект "), [1, 2]);
}

#[test]
fn a_word_of_the_text_stands_for_one_word_of_the_query() {
    // The word being typed, элект, is not the электронное already typed: page 2, with
    // another word that begins so, comes first though page 1 is longer.
    let s = searcher(&[&format!("электронное голосование {}", "сөз ".repeat(20)), &format!("электронное {}электронный", "сөз ".repeat(5))]);
    assert_eq!(ranked(&s, "электронное элект"), [2, 1]);
    // Nor is the қатысу typed beside қатысты another form of it: page 2 has both words,
    // however far apart.
    let s = searcher(&["іске қатысу туралы", &format!("іске қатысу туралы {}қатысты", "сөз ".repeat(40))]);
    assert_eq!(ranked(&s, "туралы қатысу қатысты "), [2, 1]);
}

#[test]
fn another_form_that_keeps_more_of_the_word_typed_counts_for_more() {
    // For түсіндірмесін (an explanation) the stemmer also gives түсінген (understood): page
    // 1 holds оларды as typed, four words from түсінген; page 2 түсіндірмесін as typed,
    // five words from олардың, which keeps all of оларды.
    let s = searcher(&[
        "заңды өкілінің келісімі болып табылатынын түсінген жөн. «Дербес деректер және оларды қорғау туралы» Заңға сәйкес",
        "Бұл актілер заң ретінде қабылданбағанымен, олардың құқықтық күші заңнаманың ресми түсіндірмесін қамтамасыз етумен ерекшеленеді",
    ]);
    assert_eq!(ranked(&s, "оларды түсіндірмесін "), [2, 1]);
}

#[test]
fn closer_words_rank_higher() {
    let far = format!("жасанды {} интеллект", "сөз ".repeat(20));
    let s = searcher(&[&far, "жасанды интеллект"]);
    assert_eq!(ranked(&s, "жасанды интеллект "), [2, 1]);
}

#[test]
fn typos_of_a_word_found_as_typed_keep_its_first_two_letters() {
    // внести and ввести (both in the corpus) differ in the second letter; внесли in the
    // sixth, жолдары and жылдары in the second.
    let s = searcher(&["внести изменения", "ввести изменения", "внесли изменения", "жолдары", "жылдары"]);
    // Found as typed: a typo in its second letter would read another word.
    assert_eq!(ranked(&s, "внести "), [1, 3]);
    assert_eq!(ranked(&s, "жолдары "), [4]);
    // Not found as typed: a typo may be anywhere after the first letter.
    let mut either = ranked(&s, "вгести ");
    either.sort_unstable();
    assert_eq!(either, [1, 2]);
    assert_eq!(ranked(&s, "жулдары "), [4, 5]);
}

#[test]
fn a_word_not_found_with_its_first_two_letters_swapped_is_read_as_that_swap() {
    // рпаво, рпавовой and азкон keep no first letter of право, правовой and закон: every
    // other typo keeps it. рпавов is being typed: правовой is one of its completions.
    let s = searcher(&["право и закон", "правовой статус", "разное", "процесс"]);
    assert_eq!(ranked(&s, "рпаво "), [1]);
    assert_eq!(ranked(&s, "рпавов"), [2]);
    assert_eq!(ranked(&s, "азкон "), [1]);
    assert_eq!(ranked(&s, "tsate "), Vec::<u32>::new(), "no page says state");
    // A word of four letters is read as a whole word, as its other typos are: рпав is
    // прав, not the beginning of право.
    let s = searcher(&["право", "прав ли он"]);
    assert_eq!(ranked(&s, "рпав"), [2]);
    // A word in the dictionary as typed is not read as a swap.
    let s = searcher(&["право", "рпаво"]);
    assert_eq!(ranked(&s, "рпаво "), [2]);
}

#[test]
fn a_word_being_typed_finds_the_typos_it_has_as_a_whole_word() {
    // қақстан is Қазақстан less two letters: nine letters allow two typos. Its beginning
    // reaches one (it may go on), yet it may be typed in full: it finds Қазақстан before
    // the space after it is typed, as after.
    let s = searcher(&["Қазақстан Республикасы", "қазақ тілі", "статистика"]);
    assert_eq!(ranked(&s, "қақстан "), [1]);
    assert_eq!(ranked(&s, "қақстан"), [1]);
    // Typed on, it reaches Қазақстанның as a beginning of it.
    let s = searcher(&["Қазақстанның заңдары", "қазақ тілі"]);
    assert_eq!(ranked(&s, "қақстанн"), [1]);
}

#[test]
fn a_word_found_only_as_another_form_of_its_stem_may_be_a_typo_too() {
    // отыдан is not in the dictionary; the Kazakh stemmer reads it as a form of от (and
    // реттыуді as one of ретте), but it is осыдан with a typo in its second letter.
    // Page 3 holds both words meant.
    let s = searcher(&[
        "реттейтін құқықтық нормалардың қабылдануы. Бұл ретте қазақстандық заң шығарушы",
        "приговором Шахтинского городского суда от 6 июня 2024 г.",
        "құқықтық реттеуді жетілдіру қажет, осыдан туындайды",
    ]);
    assert_eq!(ranked(&s, "реттыуді отыдан ")[0], 3);
}

#[test]
fn a_word_found_as_typed_is_also_read_as_the_rest_of_the_query_was_typed() {
    // internet is an English word of the corpus, and интернет a Kazakh and Russian one.
    let s = searcher(&["the internet and law", "цифрлық қадамның интернет арқылы"]);
    assert_eq!(ranked(&s, "internet "), [1], "alone, a word found as typed keeps its script");
    assert_eq!(ranked(&s, "qadamnyn internet "), [2, 1], "qadamnyn is қадамның in Latin letters");
    // руку typed on US keys is the English here; помощи is gjvjob.
    let s = searcher(&["here and there", "протянуть руку помощи"]);
    assert_eq!(ranked(&s, "here "), [1]);
    assert_eq!(ranked(&s, "gjvjob here "), [2, 1]);
    // A word with a typo is no other reading: the others keep their script.
    let s = searcher(&["the internet and law", "интернет арқылы", "internet access"]);
    assert_eq!(ranked(&s, "internet acess "), [3, 1]);
}

#[test]
fn a_short_word_reads_as_the_rest_of_the_query_was_typed() {
    // Page 1 is the thesis's page of election sources: a Latin o in a link, закону and
    // защиты. Page 2 holds закон о защите itself.
    let s = searcher(&[
        "что противоречит Конституционному закону (https://www.election.gov.kz/rus/informatsiya-o-vyborakh) правовой защиты граждан",
        "среди которых Общий регламент по защите данных (GDPR), Закон о цифровых услугах (DSA)",
    ]);
    assert_eq!(ranked(&s, "zakon o zashite ")[0], 2, "о in Latin letters");
    // A reference list spells Russian in Latin letters: pravo and na stand there as typed.
    // Page 2 holds право на забвение.
    let s = searcher(&[
        "Dagel P. S. Ugolovnoe pravo: ugolovno-pravovye problemy na materialakh sudebnoi praktiki",
        "Ключевые слова: право на цифровое забвение, цифровые технологии",
    ]);
    assert_eq!(ranked(&s, "pravo na zabvenie ")[0], 2);
    // в данной работе typed on US keys: d is a Latin initial on page 1.
    let s = searcher(&["Smirnov D. Criminology. Данной теме он посвятил годы, и его работе мы обязаны", "Как показано в данной работе, преступность"]);
    assert_eq!(ranked(&s, "d lfyyjq hf,jnt ")[0], 2);
}

#[test]
fn a_word_found_in_another_script_reads_the_others_so_though_a_typo_is_near() {
    // pravonarushenii is правонарушений in Latin letters, and two typos from the
    // pravonarushenija of a reference list: vidy is виды too, not only the vidy of a link.
    let s = searcher(&[
        "https://prodengi.kz/post/kakie-vidy-straxovaniya-sushhestvuyut",
        "Subektivnye faktory v mehanizme dorozhno-transportnogo pravonarushenija",
        "основные виды правонарушений в сфере информатизации",
    ]);
    assert_eq!(ranked(&s, "vidy pravonarushenii ")[0], 3);
    assert_eq!(ranked(&s, "vidy pravonarushenii v")[0], 3);
}

#[test]
fn a_query_found_whole_in_another_script_makes_its_matches_as_typed_the_guesses() {
    // Page 1 holds a reference list's Latin zashhity, one typo from zashity, and в сфере;
    // page 2 в сфере and защиты, zashity in Latin letters. sfere and zashity are found
    // whole only in Cyrillic.
    let s = searcher(&[
        "Brifing predsedatelja Komiteta truda i social’noj zashhity MTSZN RK. Уголовные правонарушения в сфере информатизации",
        "единой информационной системы в сфере безопасности и охраны труда. Однако Министерство труда и социальной защиты РК",
    ]);
    assert_eq!(ranked(&s, "zashity "), [1, 2], "alone, a typo beats a transliteration");
    assert_eq!(ranked(&s, "v sfere zashity "), [2, 1]);
    // Two words found whole in Cyrillic against one in Latin: intellekt of a link is no
    // closer a match than интеллект, and no exact form.
    let s = searcher(&[
        "Искусственный разум (https://www.inform.kz/zanh-shygharu-qyzmetindegi-dgasandy-intellekt)",
        "Результаты и обсуждение Искусственный интеллект (ИИ) стал важным инструментом",
    ]);
    assert_eq!(ranked(&s, "intellekt "), [1]);
    assert_eq!(ranked(&s, "iskusstvennyi intellekt ")[0], 2);
    // As many words found whole as typed (internet, law) as in Cyrillic (интернет,
    // қадамның): the words as typed stay first, cheaper than the page closer together.
    let s = searcher(&["the internet is a network of networks, and the law follows it", "интернет қадамның"]);
    assert_eq!(ranked(&s, "internet law qadamnyn "), [1, 2]);
}

#[test]
fn a_compound_the_text_lacks_finds_its_parts() {
    let s = searcher(&["жасанды интеллект технологиялары", "сондай-ақ жасанды", "artificial intelligence systems", "an artificial lake"]);
    assert_eq!(ranked(&s, "жасанды-интеллект ")[0], 1);
    assert_eq!(ranked(&s, "artificial-intelligence ")[0], 3);
    assert_eq!(ranked(&s, "artificial-intel")[0], 3, "while its last part is being typed");
    // A compound the text has is that compound.
    assert_eq!(ranked(&s, "сондай-ақ "), [2]);
}

#[test]
fn two_words_typed_apart_find_the_word_they_make_together() {
    let s = searcher(&[
        "обеспечение национальной безопасности государства",
        "Ключевые слова: право на цифровое забвение, кибербезопасность, видеодопрос",
        "видео материалы и допрос свидетеля",
    ]);
    assert_eq!(ranked(&s, "кибер безопасность ")[0], 2);
    assert_eq!(ranked(&s, "кибер безопасности ")[0], 2, "another form of the word they make");
    assert!(ranked(&s, "видео доп").contains(&2), "while the second is being typed");
    // A stem of the two that cuts into the second is no form of them: the мін (a flaw) of
    // «болған мін» is not the personal ending the Kazakh stemmer strips from болғанмін.
    // Page 1 holds болған alone; by the stem бол it would match мін as well.
    let s = searcher(&["болған жағдайда", "бұл шешімде ешқандай мін жоқ деп айтуға болмайды"]);
    assert_eq!(ranked(&s, "болған мін "), [2, 1]);
}

#[test]
fn a_long_word_typed_with_a_letter_dropped_keeps_its_two_typos() {
    // тдуового: трудового (9 letters, in the corpus) with р dropped and р typed as д. Eight
    // letters typed would allow one typo; the word meant has nine, which allow two.
    let s = searcher(&["трудового коллектива", "другого коллектива"]);
    assert_eq!(ranked(&s, "тдуового "), [1]);
    assert_eq!(ranked(&s, "тдуового коллектива "), [1, 2]);
    assert_eq!(ranked(&s, "тдуового колл"), [1, 2], "the same for the word being typed");
    // Words of fewer letters, typed and meant, still allow one: дркгаго, seven letters
    // within reach of two typos, does not find другого, two typos from it.
    assert_eq!(ranked(&s, "дркгаго "), [] as [u32; 0]);
    assert_eq!(ranked(&s, "дркгого "), [2]);
}

#[test]
fn a_short_word_being_typed_is_read_as_the_beginning_of_a_longer_one() {
    // «заңсыз топ»: топ is a word (a group), and the beginning of топтың. Page 1 has
    // заңсыз beside топтың, page 2 заңсыз far from the word топ.
    let far = "заңсыз кіру жолымен ұрлық жасаған Қазақстан, Әзірбайжан, Грузия және Молдова азаматтарынан тұратын ұйымдасқан қылмыстық";
    let s = searcher(&[&format!("бұл {far} топтың мүшелері"), &format!("{far} ұғымы оның негізгі белгілері қылмыстық топ")]);
    assert_eq!(ranked(&s, "заңсыз топ"), [1, 2]);
    // Typed in full (a space after it), топ is the word itself, топтың another form of it.
    assert_eq!(ranked(&s, "заңсыз топ "), [2, 1]);
    // From six letters on, a word typed whole is taken as meant: маңызды before маңыздылығы.
    let s = searcher(&["тетік маңыздылығы", "маңызды бір тетік"]);
    assert_eq!(ranked(&s, "тетік маңызды"), [2, 1]);
}

#[test]
fn a_short_word_typed_alone_ranks_its_own_pages_before_its_completions() {
    // Alone, право and ai are more likely meant as typed than as the beginning of one of
    // their completions, however many pages those fill: Meilisearch's exactness rule.
    let s = searcher(&[
        "правовые нормы и правоприменительная практика, правовое регулирование",
        "право на защиту",
        "the measures aimed at the aims of the reform",
        "AI systems",
    ]);
    assert_eq!(ranked(&s, "право"), [2, 1]);
    assert_eq!(ranked(&s, "ai"), [4, 3]);
    // A fragment that is no word of the text ranks the completions as before.
    assert_eq!(ranked(&s, "прав"), [1, 2]);
}

#[test]
fn a_short_word_being_typed_is_not_stemmed() {
    // «уголовных прио»: the stem of the fragment прио is при, a word of its own, beside
    // уголовных on page 1; only page 2 holds a word that прио begins (приобрело).
    let s = searcher(&[
        "из самых распространенных следственных действий при расследовании любой категории уголовных дел является допрос",
        "мест финансовых систем для совершения уголовных правонарушений. Мошенничество всегда отличалось изобретательностью, а ныне приобрело еще более интеллектуальный характер",
    ]);
    assert_eq!(ranked(&s, "уголовных прио"), [2, 1]);
    // A word typed whole, or being typed but long, still finds the other forms of its stem.
    let s = searcher(&["доказательства по уголовным делам", "уголовный кодекс"]);
    for query in ["уголовными ", "уголовными"] {
        let mut pages = ranked(&s, query);
        pages.sort_unstable();
        assert_eq!(pages, [1, 2], "{query:?}");
    }
}

#[test]
fn at_equal_proximity_the_longer_page_is_the_likelier() {
    // The same sentence stands on a short page and on a longer one, as text repeated in a
    // thesis does; the longer page holds more passages a reader may have in mind.
    let sentence = "олар жіберген қатені қайталамауға және үздік мысалдарды";
    let longer = format!("{sentence} {}", "бізде қалыптасқан жағдай мен тәжірибенің ерекшеліктері ескеріледі ".repeat(20));
    let s = searcher(&[sentence, &longer]);
    assert_eq!(ranked(&s, "қатені қайталамауға "), [2, 1]);
    assert_eq!(ranked(&s, "қатені қайта"), [2, 1]);
    // Length never outweighs proximity: far apart on the longer page, the words lose.
    let far = format!("олар жіберген қатені {}қайталамауға", "бізде қалыптасқан жағдай мен тәжірибенің ".repeat(20));
    let s = searcher(&[sentence, &far]);
    assert_eq!(ranked(&s, "қатені қайталамауға "), [1, 2]);
}
