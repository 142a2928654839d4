//! Every catalogue of the product — the engines' (this crate) and the web crate's — defines the
//! same messages in English and French, each using the same variables, in files of the same names;
//! every file parses, and no message is defined twice in one language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// Message (and attribute, `id.attr`; term, `-id`) → variables it uses.
type Catalogue = BTreeMap<String, BTreeSet<String>>;

fn pattern_vars(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expression_vars(expression, out);
        }
    }
}

fn expression_vars(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            inline_vars(selector, out);
            for v in variants {
                pattern_vars(&v.value, out);
            }
        }
        Expression::Inline(i) => inline_vars(i, out),
    }
}

fn inline_vars(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        InlineExpression::TermReference { arguments: Some(arguments), .. } => {
            for a in &arguments.positional {
                inline_vars(a, out);
            }
            for a in &arguments.named {
                inline_vars(&a.value, out);
            }
        }
        InlineExpression::Placeable { expression } => expression_vars(expression, out),
        _ => {}
    }
}

/// Parse one file into `into`, reporting parse errors and duplicate ids into `problems`.
fn read_file(path: &Path, into: &mut Catalogue, problems: &mut Vec<String>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return problems.push(format!("{}: {e}", path.display())),
    };
    let resource = match fluent_syntax::parser::parse(text.as_str()) {
        Ok(r) => r,
        Err((r, errors)) => {
            problems.push(format!("{}: {} syntax error(s): {errors:?}", path.display(), errors.len()));
            r
        }
    };
    let mut add = |id: String, vars: BTreeSet<String>| {
        if into.insert(id.clone(), vars).is_some() {
            problems.push(format!("{}: '{id}' is defined twice in this language", path.display()));
        }
    };
    for entry in &resource.body {
        let (id, value, attributes) = match entry {
            Entry::Message(m) => (m.id.name.to_string(), m.value.as_ref(), &m.attributes),
            Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            _ => continue,
        };
        let mut vars = BTreeSet::new();
        if let Some(p) = value {
            pattern_vars(p, &mut vars);
        }
        add(id.clone(), vars);
        for a in attributes {
            let mut vars = BTreeSet::new();
            pattern_vars(&a.value, &mut vars);
            add(format!("{id}.{}", a.id.name), vars);
        }
    }
}

/// The `.ftl` files directly in a directory, by name. `errors*.ftl` are left out: they hold the French
/// of the sentences whose English is written in the code (`said!`), and the web crate's test
/// `every_sentence_has_its_french` checks it against the code.
fn ftl_files(dir: &Path) -> Result<BTreeMap<String, PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files = BTreeMap::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|x| x == "ftl")
            && let Some(name) = path.file_name().and_then(|n| n.to_str())
            && !name.starts_with("errors")
        {
            files.insert(name.to_string(), path.clone());
        }
    }
    Ok(files)
}

/// Compare the English and French catalogues under `root` (`root/en/*.ftl`, `root/fr/*.ftl`);
/// returns the number of messages and every problem found.
fn check(root: &Path) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let (en_files, fr_files) = match (ftl_files(&root.join("en")), ftl_files(&root.join("fr"))) {
        (Ok(en), Ok(fr)) => (en, fr),
        (en, fr) => return (0, [en.err(), fr.err()].into_iter().flatten().collect()),
    };
    let en_names: BTreeSet<&String> = en_files.keys().collect();
    let fr_names: BTreeSet<&String> = fr_files.keys().collect();
    if en_names != fr_names {
        problems.push(format!("{}: files differ: en {en_names:?}, fr {fr_names:?}", root.display()));
    }
    let (mut en, mut fr) = (Catalogue::new(), Catalogue::new());
    for p in en_files.values() {
        read_file(p, &mut en, &mut problems);
    }
    for p in fr_files.values() {
        read_file(p, &mut fr, &mut problems);
    }
    for id in en.keys().filter(|id| !fr.contains_key(*id)) {
        problems.push(format!("{}: '{id}' only in English", root.display()));
    }
    for id in fr.keys().filter(|id| !en.contains_key(*id)) {
        problems.push(format!("{}: '{id}' only in French", root.display()));
    }
    for (id, vars) in &en {
        if let Some(fr_vars) = fr.get(id)
            && fr_vars != vars
        {
            problems.push(format!("{}: '{id}' uses {vars:?} in English but {fr_vars:?} in French", root.display()));
        }
    }
    (en.len(), problems)
}

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn engine_catalogues_match_in_english_and_french() {
    let (n, problems) = check(&crates_dir().join("entente-i18n/locales"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(n > 40, "only {n} messages");
}

#[test]
fn web_catalogues_match_in_english_and_french() {
    let (n, problems) = check(&crates_dir().join("entente-web/locales"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(n > 50, "only {n} messages");
}

#[test]
fn the_check_finds_what_differs() {
    let dir = std::env::temp_dir().join(format!("entente-i18n-parity-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (lang, text) in [
        ("en", "same = Same { $a }\nonly-en = x\nvars = { $n } seats\ntwice = a\n"),
        ("fr", "same = Même { $a }\nvars = { $count } places\ntwice = a\ntwice = b\nbroken = {\n"),
    ] {
        std::fs::create_dir_all(dir.join(lang)).unwrap();
        std::fs::write(dir.join(lang).join("main.ftl"), text).unwrap();
    }
    let (_, problems) = check(&dir);
    let all = problems.join("\n");
    for needle in ["'only-en' only in English", "'vars' uses", "'twice' is defined twice", "syntax error"] {
        assert!(all.contains(needle), "{needle} not reported in:\n{all}");
    }
    assert!(!all.contains("'same'"), "{all}");
    std::fs::remove_dir_all(&dir).unwrap();
}
