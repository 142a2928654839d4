//! Evaluation: indicators that answer the founding questions from recorded data. Pure: no database.

use serde::Serialize;

pub mod agenda;
pub mod conflict;
pub mod detection;
pub mod engagement;
pub mod equal;
pub mod formats;
pub mod network;
pub mod participation;
pub mod path;
pub mod stats;
pub mod tailoring;
pub mod treatment;
pub mod view;

#[cfg(test)]
mod tests;

/// The essay's eight questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Question {
    Q1,
    Q2,
    Q3,
    Q4,
    Q5,
    Q6,
    Q7,
    Q8,
}

impl Question {
    pub const ALL: [Question; 8] = [
        Question::Q1,
        Question::Q2,
        Question::Q3,
        Question::Q4,
        Question::Q5,
        Question::Q6,
        Question::Q7,
        Question::Q8,
    ];

    /// `"q1"` to `"q8"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Question::Q1 => "q1",
            Question::Q2 => "q2",
            Question::Q3 => "q3",
            Question::Q4 => "q4",
            Question::Q5 => "q5",
            Question::Q6 => "q6",
            Question::Q7 => "q7",
            Question::Q8 => "q8",
        }
    }

    /// `"q1"` to `"q8"`, in any case.
    pub fn parse(s: &str) -> Option<Question> {
        Self::ALL.into_iter().find(|q| q.as_str().eq_ignore_ascii_case(s))
    }

    /// 1 to 8.
    pub fn number(self) -> u8 {
        match self {
            Question::Q1 => 1,
            Question::Q2 => 2,
            Question::Q3 => 3,
            Question::Q4 => 4,
            Question::Q5 => 5,
            Question::Q6 => 6,
            Question::Q7 => 7,
            Question::Q8 => 8,
        }
    }
}
