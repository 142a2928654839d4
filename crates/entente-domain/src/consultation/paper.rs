//! Papers of a meeting: national statements (text) and documents (files). Each carries its own
//! releasability marking, whose originator is the author's nation (none for staff).
//!
//! Who may add one: alliance staff, and the delegation of a nation seated in the meeting; never an
//! analyst. When: until the meeting is closed or cancelled (a closed meeting's papers are final).
//! A statement needs its text; a document needs a file of an accepted type whose bytes match its
//! name ([`document_type`]).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::common::{
    ConsultationError, MeetingId, Release, TITLE_MAX, both, clean_text, invalid, optional_text, subject,
};
use super::meeting::{Meeting, MeetingStatus, may_attend, may_see_meeting};
use crate::access::{Marking, Permit, Principal, Viewer, may_see};
use crate::registry::{NationCode, Network};
use crate::said;

/// The longest statement, in characters (a statement is read on the meeting page by everyone
/// who receives it; longer texts are documents).
pub const STATEMENT_MAX: usize = 20_000;

/// Whether a paper is a statement or a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaperKind {
    Document,
    Statement,
}

impl PaperKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PaperKind::Document => "document",
            PaperKind::Statement => "statement",
        }
    }

    pub fn parse(s: &str) -> Option<PaperKind> {
        match s {
            "document" => Some(PaperKind::Document),
            "statement" => Some(PaperKind::Statement),
            _ => None,
        }
    }
}

/// A checked file: its name, its content type recognised from its bytes, its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaperFile {
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
}

/// What an author fills in.
#[derive(Debug, Clone)]
pub struct PaperDraft {
    pub kind: PaperKind,
    pub title: String,
    /// The statement's text (a document may carry a short description).
    pub body: String,
    /// For documents: the file, already checked with [`document_type`].
    pub file: Option<PaperFile>,
    pub release: Release,
}

/// A statement or a document of a meeting (without the file's bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paper {
    pub id: i64,
    pub meeting: MeetingId,
    pub kind: PaperKind,
    pub title: String,
    pub body: String,
    pub file: Option<PaperFile>,
    pub author_nation: Option<NationCode>,
    pub author_account: i64,
    pub marking: Marking,
    pub created_at: DateTime<Utc>,
    /// When its author withdrew it (it then leaves the meeting's papers; the audit keeps it).
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// The stored row's version (0 before it is stored): a save names the version it read.
    #[serde(skip)]
    pub version: i64,
}

/// What a principal may do to a paper now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PaperActions {
    /// Reword it (a statement's title and text).
    pub edit: bool,
    pub withdraw: bool,
}

impl Paper {
    /// Its author: a writer of the delegation that added it, or alliance staff for the staff's own.
    fn check_own(&self, by: &Principal, meeting: &Meeting, at: DateTime<Utc>) -> Result<(), ConsultationError> {
        let author = by.can_write()
            && match &self.author_nation {
                Some(n) => by.nation() == Some(n),
                None => by.is_staff(),
            };
        if !author {
            return Err(ConsultationError::NotPermitted(said!(
                "err-author-edits-withdraws-paper",
                "only its author edits or withdraws a paper"
            )));
        }
        if self.withdrawn_at.is_some() {
            return Err(ConsultationError::Conflict(said!(
                "err-paper-has-been-withdrawn",
                "the paper has been withdrawn"
            )));
        }
        if !meeting.status().is_upcoming() || at >= meeting.start {
            return Err(ConsultationError::Conflict(said!(
                "err-meeting-has-started-papers",
                "the meeting has started: its papers are no longer edited or withdrawn"
            )));
        }
        Ok(())
    }

    /// What `by` may do to this paper at `at`.
    pub fn allowed_actions(&self, by: &Principal, at: DateTime<Utc>, meeting: &Meeting) -> PaperActions {
        PaperActions {
            edit: self.clone().amend(&self.title, &self.body, by, at, meeting).is_ok(),
            withdraw: self.clone().withdraw(by, at, meeting).is_ok(),
        }
    }

    /// Its author rewords a statement before the meeting starts.
    pub fn amend(
        &mut self,
        title: &str,
        body: &str,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
    ) -> Result<Permit, ConsultationError> {
        self.check_own(by, meeting, at)?;
        if self.kind != PaperKind::Statement {
            return Err(invalid(
                "kind",
                said!(
                    "err-document-replaced-uploading-another",
                    "a document is replaced by uploading another, not edited"
                ),
            ));
        }
        self.title = clean_text("title", title, TITLE_MAX)?;
        self.body = clean_text("text", body, STATEMENT_MAX)?;
        Ok(Permit::new("paper.amend", by, subject::PAPER, self.id))
    }

    /// Its author withdraws a statement or a document before the meeting starts.
    pub fn withdraw(
        &mut self,
        by: &Principal,
        at: DateTime<Utc>,
        meeting: &Meeting,
    ) -> Result<Permit, ConsultationError> {
        self.check_own(by, meeting, at)?;
        self.withdrawn_at = Some(at);
        Ok(Permit::new("paper.withdraw", by, subject::PAPER, self.id))
    }

    /// Whether `by` may add papers to `meeting` now (the rule the pages use to offer the forms).
    pub fn may_add(by: &Principal, meeting: &Meeting, network: &Network) -> bool {
        Paper::check_author(by, meeting, network).is_ok()
    }

    fn check_author(by: &Principal, meeting: &Meeting, network: &Network) -> Result<(), ConsultationError> {
        if !by.can_write() {
            return Err(ConsultationError::NotPermitted(said!(
                "err-analysts-have-read-access",
                "analysts have read-only access"
            )));
        }
        if !by.is_staff() && !may_attend(by, meeting, network) {
            return Err(ConsultationError::NotPermitted(said!(
                "err-meeting-s-participants-add",
                "only the meeting's participants add papers"
            )));
        }
        if matches!(meeting.status(), MeetingStatus::Closed | MeetingStatus::Cancelled) {
            return Err(ConsultationError::Conflict(said!(
                "err-papers-final",
                "the meeting is '{status}': its papers are final",
                status = both(|l| meeting.status().label(l))
            )));
        }
        Ok(())
    }

    /// An author adds a statement or a document to a meeting.
    pub fn add(
        meeting: &Meeting,
        draft: PaperDraft,
        by: &Principal,
        at: DateTime<Utc>,
        network: &Network,
    ) -> Result<(Paper, Permit), ConsultationError> {
        Paper::check_author(by, meeting, network)?;
        let title = clean_text("title", &draft.title, TITLE_MAX)?;
        let body = match draft.kind {
            PaperKind::Statement => clean_text("text", &draft.body, STATEMENT_MAX)?,
            PaperKind::Document => optional_text("description", &draft.body, TITLE_MAX * 4)?,
        };
        match (draft.kind, &draft.file) {
            (PaperKind::Document, None) => {
                return Err(invalid("file", said!("err-document-needs-file", "a document needs its file")));
            }
            (PaperKind::Statement, Some(_)) => {
                return Err(invalid(
                    "file",
                    said!("err-statement-text-upload-document", "a statement is text; upload a document"),
                ));
            }
            _ => {}
        }
        let action = match draft.kind {
            PaperKind::Document => "paper.upload",
            PaperKind::Statement => "paper.statement",
        };
        let paper = Paper {
            id: 0,
            meeting: meeting.id,
            kind: draft.kind,
            title,
            body,
            file: draft.file,
            author_nation: by.nation().cloned(),
            author_account: by.user_id,
            marking: draft.release.mark(by.nation().cloned(), at.date_naive()),
            created_at: at,
            withdrawn_at: None,
            version: 0,
        };
        Ok((paper, Permit::new(action, by, subject::PAPER, 0)))
    }
}

/// Whether `viewer` may see a paper: those who may see its meeting, as the paper's marking allows.
pub fn may_see_paper(viewer: Viewer<'_>, paper: &Paper, meeting: &Meeting, network: &Network) -> bool {
    paper.meeting == meeting.id && may_see_meeting(viewer, meeting, network) && may_see(viewer, &paper.marking, network)
}

/// The accepted document types, recognised from the first bytes as well as the name: PDF,
/// Word/Excel/PowerPoint, OpenDocument text, PNG, JPEG, plain text or CSV (valid UTF-8).
/// `is_utf8` tells whether the whole content is valid UTF-8 (for text files). Returns the
/// content type to serve the file with.
pub fn document_type(name: &str, head: &[u8], size: u64, is_utf8: bool) -> Result<&'static str, ConsultationError> {
    if size == 0 {
        return Err(invalid("file", said!("err-file-empty", "the file is empty")));
    }
    let lower = name.to_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    let zip = head.starts_with(b"PK\x03\x04");
    Ok(match ext {
        "pdf" if head.starts_with(b"%PDF-") => "application/pdf",
        "png" if head.starts_with(b"\x89PNG\r\n\x1a\n") => "image/png",
        "jpg" | "jpeg" if head.starts_with(&[0xFF, 0xD8, 0xFF]) => "image/jpeg",
        "docx" if zip => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" if zip => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" if zip => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt" if zip => "application/vnd.oasis.opendocument.text",
        "txt" | "md" if is_utf8 => "text/plain; charset=utf-8",
        "csv" if is_utf8 => "text/csv; charset=utf-8",
        _ => {
            return Err(invalid(
                "file",
                said!(
                    "err-file-type",
                    "not an accepted document (PDF, Word/Excel/PowerPoint, OpenDocument text, PNG, JPEG, plain text or CSV), or its content does not match its name"
                ),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::access::Audience;
    use crate::consultation::testing::*;

    fn meeting_with_partner(partner: &str) -> Meeting {
        meeting(7, allies_plus(&[partner]), "2024-03-10T09:00:00Z")
    }

    fn statement(title: &str, body: &str) -> PaperDraft {
        PaperDraft {
            kind: PaperKind::Statement,
            title: title.into(),
            body: body.into(),
            file: None,
            release: release(Audience::AllPartners),
        }
    }

    #[test]
    fn participants_and_staff_add_papers_until_the_meeting_closes() {
        let m = meeting_with_partner("UKR");
        let at = m.start - Duration::days(1);
        let (p, permit) = Paper::add(&m, statement("Opening", "We welcome…"), &delegate("UKR"), at, net()).unwrap();
        assert_eq!(p.marking.originator.as_ref().map(|c| c.as_str()), Some("UKR"));
        assert_eq!(permit.action(), "paper.statement");
        assert!(Paper::add(&m, statement("x", "y"), &staff(), at, net()).is_ok());
        let e = Paper::add(&m, statement("x", "y"), &delegate("MDA"), at, net()).unwrap_err();
        assert_eq!(e.code(), "not_permitted", "a nation not seated adds nothing");
        assert!(Paper::add(&m, statement("x", "y"), &analyst_of("UKR"), at, net()).is_err());
        assert!(!Paper::may_add(&analyst_of("UKR"), &m, net()));
        assert!(Paper::may_add(&delegate("UKR"), &m, net()));
    }

    #[test]
    fn titles_texts_and_files_are_checked() {
        let m = meeting_with_partner("UKR");
        let at = m.start - Duration::days(1);
        let by = delegate("UKR");
        assert_eq!(Paper::add(&m, statement(" ", "y"), &by, at, net()).unwrap_err().to_string(), "title: is empty");
        assert!(Paper::add(&m, statement(&"t".repeat(TITLE_MAX + 1), "y"), &by, at, net()).is_err());
        assert!(Paper::add(&m, statement("t", ""), &by, at, net()).is_err(), "a statement needs its text");
        assert!(Paper::add(&m, statement("t", &"x".repeat(STATEMENT_MAX + 1)), &by, at, net()).is_err());
        let doc = PaperDraft { kind: PaperKind::Document, file: None, ..statement("t", "") };
        assert!(Paper::add(&m, doc, &by, at, net()).is_err(), "a document needs its file");
    }

    #[test]
    fn document_types_follow_the_bytes() {
        assert_eq!(document_type("a.pdf", b"%PDF-1.7", 8, false).unwrap(), "application/pdf");
        assert!(document_type("a.pdf", b"MZ\x90\x00", 4, false).is_err(), "an executable named .pdf");
        assert!(document_type("a.txt", b"\xff\xfe", 2, false).is_err());
        assert_eq!(document_type("notes.TXT", b"hello", 5, true).unwrap(), "text/plain; charset=utf-8");
        assert!(document_type("a.pdf", b"", 0, true).is_err());
        assert!(document_type("a.exe", b"%PDF-", 5, true).is_err());
    }
}
