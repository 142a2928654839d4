//! What every CSV export does to the text it writes: a cell that a spreadsheet would read as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a
//! leading apostrophe, as OWASP's CSV-injection guidance advises, so that opening an export in a
//! spreadsheet never runs what someone typed into a title. Numbers are written as they are.

use std::borrow::Cow;

/// `text` as a CSV cell that a spreadsheet shows as text.
pub fn text_cell(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_shown_as_text_and_plain_text_is_untouched() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(text_cell(bad), format!("'{bad}"));
        }
        for good in ["Maritime security course", "", "NATO–Ukraine", "'quoted", "1-2"] {
            assert_eq!(text_cell(good), good);
        }
    }
}
