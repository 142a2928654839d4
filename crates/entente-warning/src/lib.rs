//! Entente's security-challenge detection engine.
//!
//! Streaming importers for real event data (ACLED, GDELT 1.0/2.0, UCDP GED) and for partner
//! reports, one normalised [`event::Event`], fusion of the same incident across sources,
//! incrementally kept series per country × category (and admin1) per day and ISO week, surge
//! detectors with calibrated thresholds, and alerts explained in English and French (and as
//! OASIS CAP 1.2). Pure: no database, no network.

pub mod alert;
pub mod calibrate;
pub mod category;
pub mod country;
pub mod date;
pub mod detect;
pub mod error;
pub mod event;
pub mod event_ids;
pub mod fusion;
pub mod generate;
pub mod ingest;
pub mod input;
pub mod map;
pub mod mapping;
pub mod parse;
pub mod scan;
pub mod series;
pub mod store;

pub use category::Category;
pub use error::{ErrorPolicy, ImportReport, RowError, WarningError};
pub use event::{Event, Layer, Source};
