//! The access-token contract between the caller and the index.
//!
//! An item is indexed with the tokens of everyone who may see it; a search carries the caller's
//! tokens; the item is found only if the two share a token. Tokens are opaque to the index. The
//! helpers here derive them from the domain's one visibility policy
//! ([`entente_domain::access::may_see`]), so that "shares a token" and "may see" agree:
//!
//! | who | tokens the caller holds |
//! |---|---|
//! | anyone, signed in or not | `public` |
//! | alliance staff | `public`, `staff` |
//! | a nation's delegation (ally or partner) | `public`, `nation:<CODE>` |
//!
//! An item's readers are `staff` (staff see everything), `public` if released to the public, and
//! `nation:<CODE>` for every nation that may see it, judged on the network **as of the marking's
//! release date** (a partner suspended later keeps what it was released; a nation that joins later
//! does not gain what was released before). Items must be re-indexed when their marking changes.

use entente_domain::access::{Affiliation, Audience, Marking, Principal, Role, Viewer, may_see};
use entente_domain::registry::{NationCode, Network};

/// Held by everyone; on items released to the public.
pub const PUBLIC: &str = "public";
/// Held by the alliance staff; on every item.
pub const STAFF: &str = "staff";

/// The token of a nation's delegation.
pub fn nation(code: &NationCode) -> String {
    format!("nation:{code}")
}

/// The tokens `viewer` searches with.
pub fn viewer_tokens(viewer: Viewer<'_>) -> Vec<String> {
    match viewer {
        Viewer::Anonymous => vec![PUBLIC.to_string()],
        Viewer::User(p) => match p.nation() {
            None => vec![PUBLIC.to_string(), STAFF.to_string()],
            Some(code) => vec![PUBLIC.to_string(), nation(code)],
        },
    }
}

/// The readers of an item with `marking`: the tokens of every viewer [`may_see`] admits, on
/// `network` as of the marking's release date.
pub fn item_readers(marking: &Marking, network: &Network) -> Vec<String> {
    let as_member =
        |affiliation: Affiliation, role: Role| Principal { user_id: 0, username: String::new(), affiliation, role };
    let mut out = Vec::new();
    if may_see(Viewer::Anonymous, marking, network) {
        out.push(PUBLIC.to_string());
    }
    if may_see(Viewer::User(&as_member(Affiliation::Staff, Role::StaffOfficer)), marking, network) {
        out.push(STAFF.to_string());
    }
    // Only a nation in the network, named in the audience or originating the item can be admitted.
    let mut candidates: Vec<NationCode> = network.nations().map(|n| n.code.clone()).collect();
    if let Audience::Nations(named) = &marking.audience {
        candidates.extend(named.iter().cloned());
    }
    candidates.extend(marking.originator.iter().cloned());
    candidates.sort_unstable();
    candidates.dedup();
    for code in candidates {
        let delegate = as_member(Affiliation::Nation(code.clone()), Role::DelegationMember);
        if may_see(Viewer::User(&delegate), marking, network) {
            out.push(nation(&code));
        }
    }
    out
}
