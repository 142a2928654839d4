//! Registry editing shared by its pages and its API: the alliance's staff add a nation or an
//! organisation, record a membership change (joined, suspended, left, with partial dates) and
//! keep a nation's points of contact. The domain (`entente_domain::registry::edit`) says who may
//! and checks what was typed with the importer's own rules; the store writes each change with its
//! audit entry, the network's version-checked against the snapshot the change was checked on.

use entente_domain::access::{Audience, Marking, Permit};
use entente_domain::registry::edit::{
    self, ContactAction, ContactDraft, EditError, FieldError, MembershipChange, NetworkWrite, NewNation,
};
use entente_domain::registry::import::{Place, Problem};
use entente_domain::registry::{Contact, FrameworkCode, FrameworkRole, Nation, NationCode};
use entente_domain::text::TextError;
use entente_store::snapshot::Registry;

use crate::AppState;
pub use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;

/// Why an edit was not made: what was typed, field by field, or another error (403, 404, 409…).
#[derive(Debug)]
pub enum Refusal {
    Fields(Vec<FieldError>),
    Other(AppError),
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Refusal::Other(e)
    }
}

impl From<entente_store::StoreError> for Refusal {
    fn from(e: entente_store::StoreError) -> Self {
        Refusal::Other(e.into())
    }
}

impl From<EditError> for Refusal {
    fn from(e: EditError) -> Self {
        match e {
            EditError::NotPermitted => Refusal::Other(AppError::Forbidden(e.said())),
            EditError::Invalid(fields) => Refusal::Fields(fields),
        }
    }
}

impl Refusal {
    /// As the API answers it: 400 `invalid` naming each field in the reader's language.
    pub fn into_error(self, ctx: &Ctx) -> AppError {
        match self {
            Refusal::Other(e) => e,
            Refusal::Fields(fields) => {
                let all: Vec<String> = fields.iter().map(|f| summary(ctx.lang, &ctx.registry, f)).collect();
                AppError::bad_request("invalid", all.join(" "))
            }
        }
    }
}

/// Only staff writers edit: refused before anything is looked up.
pub fn may_edit(ctx: &Ctx) -> Result<(), AppError> {
    if edit::RegistryActions::of(Some(&ctx.principal)).edit {
        Ok(())
    } else {
        Err(AppError::Forbidden(entente_domain::said!(
            "reg-edit-forbidden",
            "Only the alliance’s staff who write may edit the registry."
        )))
    }
}

/// The frameworks with their roles, as the importer checks rows against them.
fn roles(reg: &Registry) -> Vec<(FrameworkCode, FrameworkRole)> {
    reg.frameworks.iter().map(|f| (f.code.clone(), f.role)).collect()
}

/// How many times a change is checked again when other changes to the registry commit between
/// its check and its write, before the caller is told of the conflict (409).
const ATTEMPTS: usize = 16;

/// Check a change on the registry as this request found it and write it, version-checked. When
/// another write to the registry came first, the change is checked again on the registry as it
/// now is — a change that no longer holds is refused for what it is — and written from that.
/// Once written, who may find what in the search index is computed again.
async fn check_and_write(
    state: &AppState,
    ctx: &Ctx,
    check: impl Fn(&Registry) -> Result<(Permit, NetworkWrite), EditError>,
) -> Result<NetworkWrite, Refusal> {
    let mut reg = ctx.registry.clone();
    let mut attempt = 1;
    loop {
        let (permit, write) = check(&reg)?;
        match ctx.scope.write_network(permit, &write, reg.version).await {
            Ok(()) => {
                state.registry_changed().await;
                return Ok(write);
            }
            Err(entente_store::StoreError::Conflict { .. }) if attempt < ATTEMPTS => {
                attempt += 1;
                reg = ctx.scope.registry_now().await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// A nation named in the address: a code that is none, or that the registry does not hold, is
/// not found.
pub fn nation(ctx: &Ctx, raw: &str) -> Result<Nation, AppError> {
    let code = crate::api::registry::nation_code(raw)?;
    ctx.net().nation(&code).cloned().ok_or(AppError::NotFound)
}

/// Add a nation or an organisation with its first period.
pub async fn add_nation(state: &AppState, ctx: &Ctx, new: &NewNation) -> Result<Nation, Refusal> {
    may_edit(ctx)?;
    let write =
        check_and_write(state, ctx, |reg| edit::add_nation(&ctx.principal, &reg.network, &roles(reg), new)).await?;
    Ok(match write {
        NetworkWrite::AddNation { nation, .. }
        | NetworkWrite::AddPeriod { nation, .. }
        | NetworkWrite::EndPeriod { nation, .. } => nation,
    })
}

/// Record a membership change of the nation `code`.
pub async fn change_membership(
    state: &AppState,
    ctx: &Ctx,
    code: &NationCode,
    change: &MembershipChange,
) -> Result<(), Refusal> {
    may_edit(ctx)?;
    if ctx.net().nation(code).is_none() {
        return Err(Refusal::Other(AppError::NotFound));
    }
    check_and_write(state, ctx, |reg| edit::change_membership(&ctx.principal, &reg.network, &roles(reg), code, change))
        .await?;
    Ok(())
}

/// The audiences a new point of contact may be released to, widest last.
pub const CONTACT_AUDIENCES: [&str; 4] = ["staff", "allies", "all_partners", "public"];

/// Add a point of contact to `code`, released to `audience` (`all_partners` when empty) under the
/// lowest configured classification, as the nation's own.
pub async fn add_contact(
    state: &AppState,
    ctx: &Ctx,
    code: &NationCode,
    draft: &ContactDraft,
    audience: &str,
) -> Result<Contact, Refusal> {
    may_edit(ctx)?;
    if ctx.net().nation(code).is_none() {
        return Err(Refusal::Other(AppError::NotFound));
    }
    let audience = match audience.trim() {
        "" | "all_partners" => Audience::AllPartners,
        "staff" => Audience::StaffOnly,
        "allies" => Audience::AlliesOnly,
        "public" => Audience::Public,
        other => {
            return Err(Refusal::Fields(vec![FieldError {
                field: "audience",
                problem: Problem::UnknownAudience(other.to_string()),
            }]));
        }
    };
    let checked = draft.check().map_err(Refusal::Fields)?;
    let permit = edit::contact_permit(&ctx.principal, ContactAction::Create, 0)?;
    let marking = Marking {
        classification: state.config.classifications.0.first().cloned().unwrap_or_else(|| "NATO UNCLASSIFIED".into()),
        audience,
        originator: Some(code.clone()),
        released_on: ctx.now.date_naive(),
    };
    Ok(ctx.scope.add_contact(permit, code, checked, &marking).await?)
}

/// Change a point of contact of `code`.
pub async fn update_contact(ctx: &Ctx, code: &NationCode, id: i64, draft: &ContactDraft) -> Result<Contact, Refusal> {
    may_edit(ctx)?;
    let checked = draft.check().map_err(Refusal::Fields)?;
    let permit = edit::contact_permit(&ctx.principal, ContactAction::Update, id)?;
    Ok(ctx.scope.update_contact(permit, code, id, checked).await?)
}

/// Remove a point of contact of `code`.
pub async fn remove_contact(ctx: &Ctx, code: &NationCode, id: i64) -> Result<(), AppError> {
    may_edit(ctx)?;
    let permit =
        edit::contact_permit(&ctx.principal, ContactAction::Delete, id).map_err(|e| AppError::Forbidden(e.said()))?;
    Ok(ctx.scope.remove_contact(permit, code, id).await?)
}

/// A field's name as a form shows it.
pub fn field_label(lang: Lang, field: &str) -> String {
    lang.t(&format!("reg-field-{}", field.replace('_', "-")))
}

/// One refused field in a sentence that names it: "Joined: '2024-13' is not a date…".
pub fn summary(lang: Lang, reg: &Registry, e: &FieldError) -> String {
    let sep = if lang == Lang::Fr { " : " } else { ": " };
    format!("{}{sep}{}", field_label(lang, e.field), explain(lang, reg, &e.problem))
}

/// Why a field is refused, in the reader's language, naming nations and frameworks by their
/// names in `reg`.
pub fn explain(lang: Lang, reg: &Registry, p: &Problem) -> String {
    use fluent_templates::fluent_bundle::FluentValue;
    // What was typed, as the message quotes it: at most 60 characters.
    let s = |v: &dyn std::fmt::Display| {
        let text = v.to_string();
        FluentValue::from(match text.char_indices().nth(60) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        })
    };
    let nation_name = |code: &NationCode| {
        FluentValue::from(
            reg.network.nation(code).map_or_else(|| code.to_string(), |n| n.name_in(lang.code()).to_string()),
        )
    };
    let framework_name = |code: &FrameworkCode| {
        FluentValue::from(
            reg.frameworks
                .iter()
                .find(|f| &f.code == code)
                .map_or_else(|| code.to_string(), |f| f.name_in(lang.code()).to_string()),
        )
    };
    let place = |other: &Place| match other {
        Place::Line(n) => n.to_string(),
        Place::Recorded(d) => d.to_string(),
    };
    match p {
        Problem::Empty(_) | Problem::Text(TextError::Empty) => lang.t("reg-problem-empty"),
        Problem::Code(e) => lang.t_args(
            "reg-problem-code",
            &[(
                "value",
                s(&match e {
                    entente_domain::registry::CodeError::Nation(v)
                    | entente_domain::registry::CodeError::Framework(v) => v.clone(),
                }),
            )],
        ),
        Problem::UnknownKind(v)
        | Problem::UnknownEndReason(v)
        | Problem::UnknownEvent(v)
        | Problem::UnknownAudience(v) => lang.t_args("reg-problem-choice", &[("value", s(v))]),
        Problem::UnknownFramework { given, known } => {
            lang.t_args("reg-problem-framework", &[("value", s(given)), ("known", s(&known.join(", ")))])
        }
        Problem::Date(e) => lang.t_args("reg-problem-date", &[("value", s(&e.input))]),
        Problem::KindDoesNotFit { framework, .. } => {
            lang.t_args("reg-problem-kind", &[("framework", framework_name(framework))])
        }
        Problem::NotIso3(code) => lang.t_args("reg-problem-iso3", &[("code", s(code))]),
        Problem::LeftNotAfterJoined { left, joined } => {
            lang.t_args("reg-problem-not-after", &[("date", s(left)), ("joined", s(joined))])
        }
        Problem::EndReasonWithoutLeft => lang.t("reg-problem-empty"),
        Problem::NameDiffers { first, .. } => lang.t_args("reg-problem-name", &[("first", s(first))]),
        Problem::RegionDiffers { first, .. } => lang.t_args("reg-problem-region", &[("first", s(first))]),
        Problem::OrganisationAndState { nation, other_is_organisation, .. } => lang.t_args(
            if *other_is_organisation { "reg-problem-is-organisation" } else { "reg-problem-is-state" },
            &[("nation", nation_name(nation))],
        ),
        Problem::Duplicate { nation, framework, joined, .. } => lang.t_args(
            "reg-problem-duplicate",
            &[("nation", nation_name(nation)), ("framework", framework_name(framework)), ("joined", s(joined))],
        ),
        Problem::Overlap { nation, framework, other } => lang.t_args(
            "reg-problem-overlap",
            &[("nation", nation_name(nation)), ("framework", framework_name(framework)), ("other", s(&place(other)))],
        ),
        Problem::NationExists(code) => lang.t_args("reg-problem-exists", &[("code", s(code))]),
        Problem::NoOpenPeriod { nation, framework } => lang.t_args(
            "reg-problem-no-open-period",
            &[("nation", nation_name(nation)), ("framework", framework_name(framework))],
        ),
        Problem::Text(TextError::TooLong { len, max }) => {
            lang.t_args("reg-problem-too-long", &[("len", FluentValue::from(*len)), ("max", FluentValue::from(*max))])
        }
        Problem::Text(TextError::Control { at, code }) => lang.t_args(
            "reg-problem-control",
            &[("at", FluentValue::from(*at)), ("char", FluentValue::from(format!("U+{code:04X}")))],
        ),
        Problem::NotEmail(v) => lang.t_args("reg-problem-email", &[("value", s(v))]),
        Problem::NotPhone(v) => lang.t_args("reg-problem-phone", &[("value", s(v))]),
    }
}
