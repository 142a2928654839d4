//! The one rule every text a person types goes through before it is stored: trimmed, within a
//! length cap counted in characters, and free of control characters — NUL, escape sequences
//! and the like, which no reader needs and PostgreSQL refuses — except the line feed and tab of
//! a multi-line text (a CR LF pair is kept as one line feed). The caps of each field are the
//! constants of its area (and are stated in the API document).

use std::fmt;

/// What a field accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextRule {
    /// At most this many characters (after trimming).
    pub max: usize,
    /// Line breaks and tabs allowed (a description), or one line (a title, a name).
    pub lines: bool,
    /// An empty text is refused.
    pub required: bool,
}

impl TextRule {
    /// One line of 1 to `max` characters.
    pub const fn line(max: usize) -> TextRule {
        TextRule { max, lines: false, required: true }
    }

    /// Text with line breaks, 1 to `max` characters.
    pub const fn lines(max: usize) -> TextRule {
        TextRule { max, lines: true, required: true }
    }

    /// The same rule, an empty text allowed.
    pub const fn optional(self) -> TextRule {
        TextRule { required: false, ..self }
    }

    /// The text as it is stored, or why it is refused.
    pub fn check(&self, text: &str) -> Result<String, TextError> {
        let t = text.trim();
        if t.is_empty() {
            return if self.required { Err(TextError::Empty) } else { Ok(String::new()) };
        }
        let mut n = 0usize;
        let mut chars = t.chars().peekable();
        while let Some(c) = chars.next() {
            n += 1;
            let allowed = match c {
                '\n' | '\t' => self.lines,
                '\r' => self.lines && chars.peek() == Some(&'\n'),
                c => !c.is_control(),
            };
            if !allowed {
                return Err(TextError::Control { at: n, code: c as u32 });
            }
        }
        if n > self.max {
            return Err(TextError::TooLong { len: n, max: self.max });
        }
        Ok(if self.lines && t.contains('\r') { t.replace("\r\n", "\n") } else { t.to_string() })
    }
}

/// Whether a (trimmed) text is an e-mail address as mail can be sent to it: one `@` between a
/// non-empty local part and a domain with a dot inside it, no space and none of `< > , ;`.
pub fn is_mail_address(e: &str) -> bool {
    let Some((local, domain)) = e.rsplit_once('@') else { return false };
    !local.is_empty()
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
}

/// Why a text is refused: the reason, to follow the field's name ("title is empty").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooLong {
        len: usize,
        max: usize,
    },
    /// A control character (its code point) at a position counted in characters from 1.
    Control {
        at: usize,
        code: u32,
    },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Empty => f.write_str("is empty"),
            TextError::TooLong { len, max } => write!(f, "is {len} characters long; at most {max} are allowed"),
            TextError::Control { at, code } => {
                let what = match code {
                    0x0a => "a line break".to_string(),
                    0x09 => "a tab".to_string(),
                    0x0d => "a carriage return".to_string(),
                    c => format!("the control character U+{c:04X}"),
                };
                write!(f, "contains {what} at character {at}, which this field does not accept")
            }
        }
    }
}

impl std::error::Error for TextError {}

impl TextError {
    /// What to tell the reader, in either language (it follows the field's name).
    pub fn said(&self) -> crate::said::Said {
        use crate::said;
        match self {
            TextError::Empty => said!("err-text-empty", "is empty"),
            TextError::TooLong { len, max } => {
                said!(
                    "err-text-too-long",
                    "is {len} characters long; at most {max} are allowed",
                    len = *len,
                    max = *max
                )
            }
            TextError::Control { at, code: 0x0a } => {
                said!(
                    "err-text-line-break",
                    "contains a line break at character {at}, which this field does not accept",
                    at = *at
                )
            }
            TextError::Control { at, code: 0x09 } => {
                said!("err-text-tab", "contains a tab at character {at}, which this field does not accept", at = *at)
            }
            TextError::Control { at, code } => said!(
                "err-text-control",
                "contains the control character {code} at character {at}, which this field does not accept",
                code = format!("U+{code:04X}"),
                at = *at
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn what_is_kept_and_what_is_refused() {
        let line = TextRule::line(10);
        assert_eq!(line.check("  Malta  "), Ok("Malta".into()));
        assert_eq!(line.check("   "), Err(TextError::Empty));
        assert_eq!(line.optional().check("   "), Ok(String::new()));
        assert_eq!(line.check("a\u{0}b"), Err(TextError::Control { at: 2, code: 0 }));
        assert_eq!(line.check("a\nb"), Err(TextError::Control { at: 2, code: 10 }));
        assert_eq!(line.check("Ελλάδα é ü"), Ok("Ελλάδα é ü".into()));
        assert_eq!(line.check("abcdefghijk"), Err(TextError::TooLong { len: 11, max: 10 }));
        let lines = TextRule::lines(20);
        assert_eq!(lines.check("one\r\ntwo\tthree"), Ok("one\ntwo\tthree".into()));
        assert_eq!(lines.check("a\rb"), Err(TextError::Control { at: 2, code: 13 }));
        assert_eq!(lines.check("a\u{1b}[31m"), Err(TextError::Control { at: 2, code: 0x1b }));
        assert_eq!(lines.check("a\u{85}b"), Err(TextError::Control { at: 2, code: 0x85 }));
        assert_eq!(
            TextRule::line(5).check("a\u{0}").unwrap_err().to_string(),
            "contains the control character U+0000 at character 2, which this field does not accept"
        );
    }

    proptest! {
        #[test]
        fn a_kept_text_has_no_control_character_and_fits(s in any::<String>(), max in 1usize..40, lines: bool) {
            let rule = TextRule { max, lines, required: true };
            if let Ok(t) = rule.check(&s) {
                prop_assert!(!t.is_empty() && t.chars().count() <= max);
                prop_assert!(t.chars().all(|c| !c.is_control() || (lines && (c == '\n' || c == '\t'))), "{t:?}");
                prop_assert_eq!(rule.check(&t), Ok(t.clone()));
            }
        }
    }
}
