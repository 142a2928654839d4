//! Registry editing pages, for the alliance's staff who write: add a nation or an organisation,
//! record a membership change and keep a nation's points of contact. A refused form comes back
//! in place (400) with each message beside its field and what was typed; a change made answers
//! 303 to the page that shows it, with the one-time "saved" notice.

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use entente_domain::registry::edit::{ContactDraft, FieldError, MembershipChange, MembershipEvent, NewNation};
use entente_domain::registry::{FrameworkRole, Nation};
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::pages::access::PageForm;
use crate::pages::{Layout, render};
use crate::registry::{self as svc, Ctx, Refusal};

/// The messages of a refused form, in the reader's language: each beside its field, and every one
/// naming its field above the form.
#[derive(Debug, Default)]
pub struct FieldMessages {
    beside: Vec<(&'static str, String)>,
    summary: Vec<String>,
}

impl FieldMessages {
    fn of(ctx: &Ctx, errors: &[FieldError]) -> FieldMessages {
        FieldMessages {
            beside: errors.iter().map(|e| (e.field, svc::explain(ctx.lang, &ctx.registry, &e.problem))).collect(),
            summary: errors.iter().map(|e| svc::summary(ctx.lang, &ctx.registry, e)).collect(),
        }
    }

    /// The message beside `field`, if it was refused.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.beside.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.beside.is_empty()
    }

    /// Every refused field named, for the message above the form.
    pub fn summary(&self) -> &[String] {
        &self.summary
    }
}

/// A page re-rendered as a refusal: status 400.
fn refused(r: Result<Response, AppError>) -> Result<Response, AppError> {
    let mut r = r?;
    *r.status_mut() = StatusCode::BAD_REQUEST;
    Ok(r)
}

/// The frameworks a form offers: code and name in the reader's language, in catalogue order.
fn framework_choices(ctx: &Ctx, lang: Lang) -> Vec<(String, String)> {
    ctx.registry.frameworks.iter().map(|f| (f.code.to_string(), f.name_in(lang.code()).to_string())).collect()
}

// ----- add a nation -----

#[derive(Debug, Clone, Deserialize)]
pub struct NationForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub name_fr: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub framework: String,
    #[serde(default)]
    pub joined: String,
    #[serde(default)]
    pub note: String,
}

impl Default for NationForm {
    /// A blank form: a partner state joining the Partnership for Peace.
    fn default() -> Self {
        NationForm {
            code: String::new(),
            name: String::new(),
            name_fr: String::new(),
            region: String::new(),
            framework: "PFP".into(),
            joined: String::new(),
            note: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "registry/nation_new.html")]
struct NewNationPage {
    layout: Layout,
    form: NationForm,
    errors: FieldMessages,
    frameworks: Vec<(String, String)>,
}

fn new_nation_page(
    state: &AppState,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    form: NationForm,
    errors: FieldMessages,
) -> Result<Response, AppError> {
    render(&NewNationPage {
        layout: Layout::new(ctx.lang, uri, None, state, &ctx.identity),
        frameworks: framework_choices(ctx, ctx.lang),
        form,
        errors,
    })
}

pub async fn new_nation(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    svc::may_edit(&ctx)?;
    new_nation_page(&state, &ctx, &uri, NationForm::default(), FieldMessages::default())
}

pub async fn create_nation(
    State(state): State<AppState>,
    ctx: Ctx,
    PageForm(f): PageForm<NationForm>,
) -> Result<Response, AppError> {
    let new = NewNation {
        code: f.code.clone(),
        name: f.name.clone(),
        name_fr: f.name_fr.clone(),
        region: f.region.clone(),
        framework: f.framework.clone(),
        joined: f.joined.clone(),
        note: f.note.clone(),
    };
    match svc::add_nation(&state, &ctx, &new).await {
        Ok(n) => Ok(Redirect::to(&format!("/nations/{}", n.code)).into_response()),
        Err(Refusal::Fields(errors)) => {
            let errors = FieldMessages::of(&ctx, &errors);
            refused(new_nation_page(&state, &ctx, &axum::http::Uri::from_static("/nations/new"), f, errors))
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}

// ----- a nation's editing page: membership change and points of contact -----

#[derive(Debug, Clone, Deserialize)]
pub struct MembershipForm {
    #[serde(default)]
    pub event: String,
    #[serde(default)]
    pub framework: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// For a new contact: who it is released to.
    #[serde(default)]
    pub audience: String,
}

impl ContactForm {
    fn draft(&self) -> ContactDraft {
        ContactDraft {
            name: self.name.clone(),
            role: self.role.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
        }
    }
}

/// One point of contact on the editing page, with its form.
pub struct ContactLine {
    pub id: i64,
    pub form: ContactForm,
    pub errors: FieldMessages,
}

/// A period of the nation, as the editing page lists it.
pub struct PeriodLine {
    pub framework: String,
    pub joined: String,
    pub left: String,
    pub end: String,
}

#[derive(Template)]
#[template(path = "registry/nation_edit.html")]
struct EditNationPage {
    layout: Layout,
    code: String,
    name: String,
    periods: Vec<PeriodLine>,
    frameworks: Vec<(String, String)>,
    events: Vec<&'static str>,
    membership: MembershipForm,
    membership_errors: FieldMessages,
    contacts: Vec<ContactLine>,
    new_contact: ContactForm,
    new_contact_errors: FieldMessages,
    audiences: Vec<&'static str>,
}

/// Which form of the editing page was refused, with what was typed.
enum Typed {
    Nothing,
    Membership(MembershipForm, FieldMessages),
    NewContact(ContactForm, FieldMessages),
    Contact(i64, ContactForm, FieldMessages),
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    uri: &axum::http::Uri,
    nation: &Nation,
    typed: Typed,
) -> Result<Response, AppError> {
    let lang = ctx.lang;
    let periods = ctx
        .net()
        .memberships_of(&nation.code)
        .map(|m| PeriodLine {
            framework: m.framework.to_string(),
            joined: m.joined.to_string(),
            left: m.left.map(|l| l.to_string()).unwrap_or_default(),
            end: m.end_reason.map(|r| r.as_str().to_string()).unwrap_or_default(),
        })
        .collect();
    // The membership form offers the frameworks open to this nation: an organisation's, or the
    // alliance's and the partnerships'.
    let org = nation.kind == entente_domain::registry::NationKind::PartnerOrg;
    let frameworks = ctx
        .registry
        .frameworks
        .iter()
        .filter(|f| (f.role == FrameworkRole::Organisations) == org)
        .map(|f| (f.code.to_string(), f.name_in(lang.code()).to_string()))
        .collect();
    let stored = ctx.scope.contacts(&nation.code).await?;
    // By default: the nation joins a framework it is not in now.
    let open: Vec<String> =
        ctx.net().memberships_of(&nation.code).filter(|m| m.left.is_none()).map(|m| m.framework.to_string()).collect();
    let joinable = ctx
        .registry
        .frameworks
        .iter()
        .filter(|f| f.role != FrameworkRole::Alliance && (f.role == FrameworkRole::Organisations) == org)
        .map(|f| f.code.to_string())
        .find(|c| !open.contains(c));
    let (mut membership, mut membership_errors) = (
        MembershipForm {
            event: "joined".into(),
            framework: joinable.unwrap_or_default(),
            date: String::new(),
            note: String::new(),
        },
        FieldMessages::default(),
    );
    let (mut new_contact, mut new_contact_errors) =
        (ContactForm { audience: "all_partners".into(), ..ContactForm::default() }, FieldMessages::default());
    let mut refused_contact: Option<(i64, ContactForm, FieldMessages)> = None;
    match typed {
        Typed::Nothing => {}
        Typed::Membership(f, e) => (membership, membership_errors) = (f, e),
        Typed::NewContact(f, e) => (new_contact, new_contact_errors) = (f, e),
        Typed::Contact(id, f, e) => refused_contact = Some((id, f, e)),
    }
    let contacts = stored
        .into_iter()
        .map(|(c, _)| match refused_contact.take_if(|(id, _, _)| *id == c.id) {
            Some((id, form, errors)) => ContactLine { id, form, errors },
            None => ContactLine {
                id: c.id,
                form: ContactForm {
                    name: c.name,
                    role: c.role,
                    email: c.email.unwrap_or_default(),
                    phone: c.phone.unwrap_or_default(),
                    audience: String::new(),
                },
                errors: FieldMessages::default(),
            },
        })
        .collect();
    render(&EditNationPage {
        layout: Layout::new(lang, uri, None, state, &ctx.identity),
        code: nation.code.to_string(),
        name: nation.name_in(lang.code()).to_string(),
        periods,
        frameworks,
        events: MembershipEvent::ALL.iter().map(|e| e.as_str()).collect(),
        membership,
        membership_errors,
        contacts,
        new_contact,
        new_contact_errors,
        audiences: svc::CONTACT_AUDIENCES.to_vec(),
    })
}

pub async fn edit_nation(
    State(state): State<AppState>,
    ctx: Ctx,
    OriginalUri(uri): OriginalUri,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    svc::may_edit(&ctx)?;
    let nation = svc::nation(&ctx, &code)?;
    edit_page(&state, &ctx, &uri, &nation, Typed::Nothing).await
}

/// The editing page's address, where a refused form is shown again.
fn edit_uri(code: &str) -> axum::http::Uri {
    axum::http::Uri::try_from(format!("/nations/{code}/edit")).unwrap_or_default()
}

pub async fn record_membership(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    PageForm(f): PageForm<MembershipForm>,
) -> Result<Response, AppError> {
    svc::may_edit(&ctx)?;
    let nation = svc::nation(&ctx, &code)?;
    let change = MembershipChange {
        event: f.event.clone(),
        framework: f.framework.clone(),
        date: f.date.clone(),
        note: f.note.clone(),
    };
    match svc::change_membership(&state, &ctx, &nation.code, &change).await {
        Ok(()) => Ok(Redirect::to(&format!("/nations/{}", nation.code)).into_response()),
        Err(Refusal::Fields(errors)) => {
            let errors = FieldMessages::of(&ctx, &errors);
            let uri = edit_uri(nation.code.as_str());
            refused(edit_page(&state, &ctx, &uri, &nation, Typed::Membership(f, errors)).await)
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}

pub async fn add_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
    PageForm(f): PageForm<ContactForm>,
) -> Result<Response, AppError> {
    svc::may_edit(&ctx)?;
    let nation = svc::nation(&ctx, &code)?;
    match svc::add_contact(&state, &ctx, &nation.code, &f.draft(), &f.audience).await {
        Ok(_) => Ok(Redirect::to(&format!("/nations/{}/edit#contacts", nation.code)).into_response()),
        Err(Refusal::Fields(errors)) => {
            let errors = FieldMessages::of(&ctx, &errors);
            let uri = edit_uri(nation.code.as_str());
            refused(edit_page(&state, &ctx, &uri, &nation, Typed::NewContact(f, errors)).await)
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}

pub async fn update_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((code, id)): Path<(String, i64)>,
    PageForm(f): PageForm<ContactForm>,
) -> Result<Response, AppError> {
    svc::may_edit(&ctx)?;
    let nation = svc::nation(&ctx, &code)?;
    match svc::update_contact(&ctx, &nation.code, id, &f.draft()).await {
        Ok(_) => Ok(Redirect::to(&format!("/nations/{}/edit#contacts", nation.code)).into_response()),
        Err(Refusal::Fields(errors)) => {
            let errors = FieldMessages::of(&ctx, &errors);
            let uri = edit_uri(nation.code.as_str());
            refused(edit_page(&state, &ctx, &uri, &nation, Typed::Contact(id, f, errors)).await)
        }
        Err(Refusal::Other(e)) => Err(e),
    }
}

pub async fn remove_contact(ctx: Ctx, Path((code, id)): Path<(String, i64)>) -> Result<Response, AppError> {
    svc::may_edit(&ctx)?;
    let nation = svc::nation(&ctx, &code)?;
    svc::remove_contact(&ctx, &nation.code, id).await?;
    Ok(Redirect::to(&format!("/nations/{}/edit#contacts", nation.code)).into_response())
}
