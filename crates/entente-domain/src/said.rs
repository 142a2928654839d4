//! What the product says to a reader when it refuses something, in the alliance's two languages.
//!
//! A [`Said`] is a sentence with a stable key, its English wording and typed arguments. The
//! English wording is written where the rule is (it is also what the API, the CLI and the logs
//! show); the French wording lives under the same key in the web crate's
//! `locales/fr/errors.ftl`, and a test there checks that every key written with [`said!`] has its
//! French message with the same arguments. Arguments keep their type, so that a page can name a
//! nation instead of showing its code and write a date as its language does.
//!
//! ```
//! use entente_domain::said;
//! let s = said!("err-poll-closed", "the poll is closed");
//! assert_eq!(s.to_string(), "the poll is closed");
//! let n: entente_domain::registry::NationCode = "MLT".parse().unwrap();
//! let s = said!("err-not-seated", "{nation} is not seated in this meeting", nation = n);
//! assert_eq!(s.to_string(), "MLT is not seated in this meeting");
//! ```

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::registry::NationCode;

/// A sentence for a reader: its key in the catalogues, its English wording (`{name}` marks an
/// argument) and its arguments. A sentence with an empty key has no translation (a text that came
/// from elsewhere, e.g. a parser's own message) and reads the same in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    pub key: &'static str,
    pub english: Cow<'static, str>,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a sentence, kept with its type until the sentence is written in a language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text written as it is (what the user typed, a name, a number already formatted).
    Text(String),
    Number(i64),
    /// A nation, named in the reader's language where the registry is at hand.
    Nation(NationCode),
    Date(NaiveDate),
    /// An instant, written in UTC.
    Time(DateTime<Utc>),
    /// A term by its kind and code: a form field (`field`, `closes_at`), a kind of stored item
    /// (`entity`, `meeting`), a role (`role`, `analyst`). The pages write the label the
    /// catalogues give `{kind}-{code}`, or the code in words when there is none.
    Label(&'static str, &'static str),
    /// A sentence or a word inside the sentence.
    Said(Box<Said>),
    /// A word the domain names in both languages (a status's label).
    Both(String, String),
}

/// A [`Said`] with its key, English wording and named arguments.
#[macro_export]
macro_rules! said {
    ($key:literal, $english:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::said::Said {
            key: $key,
            english: ::std::borrow::Cow::Borrowed($english),
            args: vec![$((stringify!($name), $crate::said::Arg::from($value))),*],
        }
    };
}

impl Said {
    /// A text with no translation: it reads the same in both languages.
    pub fn plain(text: impl Into<String>) -> Said {
        Said { key: "", english: Cow::Owned(text.into()), args: Vec::new() }
    }

    /// The argument `name`, if the sentence has it.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }

    /// The English wording with each `{name}` replaced by `write(argument)`; a name with no
    /// argument is left as it is.
    pub fn fill(&self, mut write: impl FnMut(&Arg) -> String) -> String {
        let mut out = String::with_capacity(self.english.len() + 16);
        let mut rest: &str = &self.english;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if self.arg(&after[..close]).is_some() => {
                    if let Some(a) = self.arg(&after[..close]) {
                        out.push_str(&write(a));
                    }
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Text(t) => f.write_str(t),
            Arg::Number(n) => write!(f, "{n}"),
            Arg::Nation(n) => f.write_str(n.as_str()),
            Arg::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Arg::Time(t) => write!(f, "{}", t.format("%Y-%m-%d %H:%M UTC")),
            Arg::Label(_, code) => f.write_str(code),
            Arg::Said(s) => write!(f, "{s}"),
            Arg::Both(en, _) => f.write_str(en),
        }
    }
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.args.is_empty() { f.write_str(&self.english) } else { f.write_str(&self.fill(|a| a.to_string())) }
    }
}

impl From<String> for Said {
    fn from(s: String) -> Said {
        Said::plain(s)
    }
}

impl From<&str> for Said {
    fn from(s: &str) -> Said {
        Said::plain(s)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
numbers!(i64, i32, u32, u64, usize, u16, u8);

impl From<NationCode> for Arg {
    fn from(n: NationCode) -> Arg {
        Arg::Nation(n)
    }
}

impl From<&NationCode> for Arg {
    fn from(n: &NationCode) -> Arg {
        Arg::Nation(n.clone())
    }
}

impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Arg {
        Arg::Date(d)
    }
}

impl From<DateTime<Utc>> for Arg {
    fn from(t: DateTime<Utc>) -> Arg {
        Arg::Time(t)
    }
}

impl From<Said> for Arg {
    fn from(s: Said) -> Arg {
        Arg::Said(Box::new(s))
    }
}

impl Arg {
    /// A word in English and in French.
    pub fn both(en: impl Into<String>, fr: impl Into<String>) -> Arg {
        Arg::Both(en.into(), fr.into())
    }
}

/// A form field's name as an argument (its label on the pages).
pub fn field(name: &'static str) -> Arg {
    Arg::Label("field", name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_filled_with_the_arguments() {
        let s = said!("err-x", "{a} and {b}, not {c}", a = 3usize, b = said!("w", "held"));
        assert_eq!(s.to_string(), "3 and held, not {c}");
        assert_eq!(Said::plain("a {b}").to_string(), "a {b}");
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(said!("k", "on {on}", on = d).to_string(), "on 2024-02-29");
        assert_eq!(said!("k", "{f}: x", f = field("closes_at")).to_string(), "closes_at: x");
        assert_eq!(said!("k", "{unclosed").to_string(), "{unclosed");
    }
}
