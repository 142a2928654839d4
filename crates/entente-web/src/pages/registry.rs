//! Registry pages: the network overview, a nation, a framework, formats, regions and groupings;
//! the staff's editing pages are in [`edit`].

pub mod edit;

use askama::Template;
use axum::extract::{OriginalUri, Path, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use entente_domain::registry::edit::RegistryActions;

use super::{Layout, page_as_of, render};
use crate::AppState;
use crate::api::registry::{
    self as api, FormatResolution, FormatSummary, FrameworkDetail, GroupingDto, NationDetail, NationSummary,
    NetworkOverview, ParticipantDto,
};
use crate::ctx::Visitor;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::params::Q;

#[derive(Template)]
#[template(path = "registry/overview.html")]
struct OverviewPage {
    layout: Layout,
    o: NetworkOverview,
    /// The reader may add a nation (staff writers).
    can_edit: bool,
}

pub async fn overview(
    State(state): State<AppState>,
    lang: Lang,
    v: Visitor,
    OriginalUri(uri): OriginalUri,
    Q(q): Q<api::AsOfParam>,
) -> Result<Response, AppError> {
    let (reg, id) = (&v.registry, &v.identity);
    let (on, asked) = page_as_of(&q)?;
    let mut o = api::build_overview(reg, on).await?;
    let by_name = |a: &NationSummary, b: &NationSummary| lang.collate(a.name_in(lang.code()), b.name_in(lang.code()));
    o.allies.sort_by(by_name);
    for p in &mut o.frameworks {
        p.active.sort_by(by_name);
        p.suspended.sort_by(by_name);
    }
    let can_edit = RegistryActions::of(v.principal.as_ref()).edit;
    render(&OverviewPage { layout: Layout::new(lang, &uri, asked, &state, id), o, can_edit })
}

/// One bar of the membership timeline chart.
pub struct Bar {
    pub x: f64,
    pub width: f64,
    pub y: u32,
    pub framework: String,
    pub label: String,
    pub ongoing: bool,
}

pub struct Tick {
    pub x: f64,
    pub year: i32,
}

pub struct Chart {
    pub width: u32,
    pub height: u32,
    pub rows: Vec<(u32, String)>,
    pub bars: Vec<Bar>,
    pub ticks: Vec<Tick>,
    pub today_x: f64,
}

const CHART_LEFT: f64 = 90.0;
const CHART_WIDTH: f64 = 640.0;

fn chart(d: &NationDetail, on: NaiveDate) -> Chart {
    let start = NaiveDate::from_ymd_opt(1949, 1, 1).unwrap_or(on);
    let end = on.max(NaiveDate::from_ymd_opt(on.year() + 1, 1, 1).unwrap_or(on));
    let span = (end - start).num_days().max(1) as f64;
    let x = |day: NaiveDate| CHART_LEFT + CHART_WIDTH * ((day - start).num_days() as f64 / span).clamp(0.0, 1.0);
    let mut frameworks: Vec<String> = Vec::new();
    for m in &d.memberships {
        if !frameworks.contains(&m.framework) {
            frameworks.push(m.framework.clone());
        }
    }
    let row_y = |f: &str| 10 + 28 * frameworks.iter().position(|x| x == f).unwrap_or(0) as u32;
    let first_day = |s: &str| s.parse::<entente_domain::date::PartialDate>().map(|p| p.first_day()).ok();
    let bars = d
        .memberships
        .iter()
        .filter_map(|m| {
            let from = first_day(&m.joined)?;
            let to = m.left.as_deref().and_then(first_day).unwrap_or(end);
            let x0 = x(from);
            Some(Bar {
                x: x0,
                width: (x(to) - x0).max(2.0),
                y: row_y(&m.framework),
                framework: m.framework.clone(),
                label: format!("{} {}–{}", m.framework, m.joined, m.left.clone().unwrap_or_default()),
                ongoing: m.left.is_none(),
            })
        })
        .collect();
    let ticks = (1950..=end.year())
        .step_by(10)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, 1, 1).map(|day| Tick { x: x(day), year: y }))
        .collect();
    let height = 10 + 28 * frameworks.len() as u32 + 24;
    Chart {
        width: (CHART_LEFT + CHART_WIDTH + 20.0) as u32,
        height,
        rows: frameworks.iter().map(|f| (row_y(f), f.clone())).collect(),
        bars,
        ticks,
        today_x: x(on),
    }
}

#[derive(Template)]
#[template(path = "registry/nation.html")]
struct NationPage {
    layout: Layout,
    d: NationDetail,
    chart: Chart,
    /// The reader may edit the nation's record (staff writers).
    can_edit: bool,
}

pub async fn nation(
    State(state): State<AppState>,
    lang: Lang,
    v: Visitor,
    OriginalUri(uri): OriginalUri,
    Path(code): Path<String>,
    Q(q): Q<api::AsOfParam>,
) -> Result<Response, AppError> {
    let (reg, id) = (&v.registry, &v.identity);
    let (on, asked) = page_as_of(&q)?;
    let code = api::nation_code(&code)?;
    let d = api::build_nation(reg, &v.scope, &code, on).await?;
    let chart = chart(&d, on);
    let can_edit = RegistryActions::of(v.principal.as_ref()).edit;
    render(&NationPage { layout: Layout::new(lang, &uri, asked, &state, id), d, chart, can_edit })
}

#[derive(Template)]
#[template(path = "registry/framework.html")]
struct FrameworkPage {
    layout: Layout,
    f: FrameworkDetail,
    /// Active participants always; suspended and former ones when there are any.
    sections: Vec<(&'static str, Vec<ParticipantDto>)>,
}

pub async fn framework(
    State(state): State<AppState>,
    lang: Lang,
    v: Visitor,
    OriginalUri(uri): OriginalUri,
    Path(code): Path<String>,
    Q(q): Q<api::AsOfParam>,
) -> Result<Response, AppError> {
    let (reg, id) = (&v.registry, &v.identity);
    let (on, asked) = page_as_of(&q)?;
    let f = api::build_framework(reg, &code, on).await?;
    let by_name = |a: &ParticipantDto, b: &ParticipantDto| {
        lang.collate(a.nation.name_in(lang.code()), b.nation.name_in(lang.code()))
    };
    let mut sections = vec![("framework-active", f.active.clone())];
    for (key, list) in [("framework-suspended", &f.suspended), ("framework-former", &f.former)] {
        if !list.is_empty() {
            sections.push((key, list.clone()));
        }
    }
    for (_, list) in &mut sections {
        list.sort_by(by_name);
    }
    render(&FrameworkPage { layout: Layout::new(lang, &uri, asked, &state, id), f, sections })
}

#[derive(Template)]
#[template(path = "registry/formats.html")]
struct FormatsPage {
    layout: Layout,
    formats: Vec<FormatSummary>,
}

pub async fn formats(
    State(state): State<AppState>,
    lang: Lang,
    v: Visitor,
    OriginalUri(uri): OriginalUri,
    Q(q): Q<api::AsOfParam>,
) -> Result<Response, AppError> {
    let (reg, id) = (&v.registry, &v.identity);
    let (on, asked) = page_as_of(&q)?;
    let net = &reg.network;
    let mut all = reg.formats.clone();
    all.sort_by(|a, b| lang.collate(a.name_in(lang.code()), b.name_in(lang.code())));
    let formats = all.iter().map(|f| api::format_summary(net, f, on)).collect();
    render(&FormatsPage { layout: Layout::new(lang, &uri, asked, &state, id), formats })
}

#[derive(Template)]
#[template(path = "registry/format.html")]
struct FormatPage {
    layout: Layout,
    r: FormatResolution,
    allies: Vec<NationSummary>,
    partners: Vec<(NationSummary, String)>,
    /// The rule in words: the frameworks and partners it names (link, name).
    rule: Vec<(String, String)>,
}

pub async fn format(
    State(state): State<AppState>,
    lang: Lang,
    v: Visitor,
    OriginalUri(uri): OriginalUri,
    Path(slug): Path<String>,
    Q(q): Q<api::AsOfParam>,
) -> Result<Response, AppError> {
    let (reg, id) = (&v.registry, &v.identity);
    let (on, asked) = page_as_of(&q)?;
    let f = reg.format(&slug).cloned().ok_or(AppError::NotFound)?;
    let net = &reg.network;
    let r = api::resolve_format(net, &f, on);
    let mut allies: Vec<NationSummary> =
        r.seats.iter().filter(|s| s.basis == "ally").map(|s| s.nation.clone()).collect();
    allies.sort_by(|a, b| lang.collate(a.name_in(lang.code()), b.name_in(lang.code())));
    let mut partners: Vec<(NationSummary, String)> = r
        .seats
        .iter()
        .filter(|s| s.basis != "ally")
        .map(|s| {
            let basis = match &s.framework {
                Some(f) => lang.t1("basis-framework", "framework", f.clone()),
                None => lang.t("basis-invited"),
            };
            (s.nation.clone(), basis)
        })
        .collect();
    partners.sort_by(|a, b| lang.collate(a.0.name_in(lang.code()), b.0.name_in(lang.code())));
    let frameworks = f.spec.frameworks.iter().map(|c| {
        let name = reg
            .frameworks
            .iter()
            .find(|x| x.code == *c)
            .map_or_else(|| c.to_string(), |x| if lang == Lang::Fr { x.name_fr.clone() } else { x.name.clone() });
        (format!("/frameworks/{c}"), name)
    });
    let named = f.spec.partners.iter().map(|c| {
        let name = net.nation(c).map_or_else(|| c.to_string(), |n| n.name_in(lang.code()).to_string());
        (format!("/nations/{c}"), name)
    });
    let rule = frameworks.chain(named).collect();
    render(&FormatPage { layout: Layout::new(lang, &uri, asked, &state, id), r, allies, partners, rule })
}

/// A code and the nation's name in the reader's language, for lists of links.
pub struct NameRef {
    pub code: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "registry/groupings.html")]
struct GroupingsPage {
    layout: Layout,
    regions: Vec<(String, Vec<NameRef>)>,
    groupings: Vec<(GroupingDto, String, Vec<NameRef>)>,
}

pub async fn groupings(
    State(state): State<AppState>,
    lang: Lang,
    v: Visitor,
    OriginalUri(uri): OriginalUri,
) -> Result<Response, AppError> {
    let (reg, id) = (&v.registry, &v.identity);
    let g = api::build_groupings(reg).await?;
    let net = &reg.network;
    let names = |codes: &[String]| -> Vec<NameRef> {
        let mut v: Vec<NameRef> = codes
            .iter()
            .map(|c| NameRef {
                code: c.clone(),
                name: c
                    .parse()
                    .ok()
                    .and_then(|code| net.nation(&code))
                    .map_or_else(|| c.clone(), |n| n.name_in(lang.code()).to_string()),
            })
            .collect();
        v.sort_by(|a, b| lang.collate(&a.name, &b.name));
        v
    };
    let mut regions: Vec<(String, Vec<NameRef>)> = g
        .regions
        .iter()
        .map(|r| (if lang == Lang::Fr { r.name_fr.clone() } else { r.name.clone() }, names(&r.nations)))
        .collect();
    regions.sort_by(|a, b| lang.collate(&a.0, &b.0));
    let groupings = g
        .groupings
        .into_iter()
        .map(|x| {
            let name = if lang == Lang::Fr { x.name_fr.clone() } else { x.name.clone() };
            let members = names(&x.members);
            (x, name, members)
        })
        .collect();
    render(&GroupingsPage { layout: Layout::new(lang, &uri, None, &state, id), regions, groupings })
}
