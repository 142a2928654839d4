//! SeaORM entities, written by hand with portable types (i64 ids, strings for enums and partial
//! dates, dates and UTC timestamps) so one definition serves SQLite and PostgreSQL.

pub mod account;
pub mod agenda_item;
pub mod api_token;
pub mod audit_entry;
pub mod audit_head;
pub mod calendar_feed;
pub mod consultation_request;
pub mod contact;
pub mod decision;
pub mod decision_position;
pub mod email_outbox;
pub mod follow_up;
pub mod format;
pub mod format_framework;
pub mod format_partner;
pub mod framework;
pub mod grouping;
pub mod grouping_member;
pub mod login_throttle;
pub mod marking;
pub mod marking_code;
pub mod meeting;
pub mod meeting_framework;
pub mod meeting_partner;
pub mod membership;
pub mod nation;
pub mod notification;
pub mod paper;
pub mod poll;
pub mod poll_vote;
pub mod session;
pub mod silence_break;
pub mod summary_record;
