//! The partner network: nations, frameworks, each nation's history in them, regional groupings,
//! and formats (who sits in the room), all answerable *as of a date*.

mod catalogue;
mod codes;
pub mod edit;
mod format;
pub mod import;
pub mod names_fr;
mod network;

pub use catalogue::{FRAMEWORKS, FrameworkInfo, FrameworkRole, framework_roles};
pub use codes::{CodeError, FrameworkCode, NationCode};
pub use format::{Basis, Excluded, ExclusionReason, FormatError, FormatKind, FormatSpec, Resolution, Seat};
pub use network::{
    Contact, EndReason, Format, Framework, Grouping, Membership, Nation, NationKind, NationSize, NationStatus, Network,
    TimelineEvent, TimelineEventKind,
};

/// The embedded demo network: the real NATO network of allies and partners.
pub const DEMO_NETWORK_CSV: &str = include_str!("../../../../data/nato_network.csv");
/// Population and GDP of the states in the demo network (World Bank WDI 2023).
pub const DEMO_SIZES_CSV: &str = include_str!("../../../../data/nation_size.csv");
/// Regional groupings and organisations with their members present in the demo network.
pub const DEMO_GROUPINGS_CSV: &str = include_str!("../../../../data/regional_groupings.csv");

/// The demo network (nations with their sizes, and memberships), parsed from the embedded files.
pub fn demo_network() -> Result<Network, Vec<import::ImportError>> {
    let file = import::parse_network(DEMO_NETWORK_CSV.as_bytes(), &framework_roles())?;
    let mut sizes: std::collections::HashMap<NationCode, NationSize> =
        import::parse_sizes(DEMO_SIZES_CSV.as_bytes())?.into_iter().map(|s| (s.code, s.size)).collect();
    let nations = file.nations.into_iter().map(|mut n| {
        n.size = sizes.remove(&n.code);
        n
    });
    Ok(Network::new(nations, file.memberships))
}

#[cfg(test)]
mod tests;

/// The formats of the demo: the real NATO formats (NAC, EAPC, NATO+7, NAC+4, commissions…).
pub const DEMO_FORMATS_CSV: &str = include_str!("../../../../data/formats.csv");
