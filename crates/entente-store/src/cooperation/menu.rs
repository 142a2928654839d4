//! The cooperation menu held in memory: every activity, as stored, shared by `Arc` and replaced
//! when an activity is written. Each write to an activity bumps `menu_version` in its transaction
//! and stamps the activities it wrote with the new version (`activity.menu_seq`); a read checks
//! that one row and, when it moved, reads back only the activities stamped since. A menu of
//! 100,000 activities is then filtered, counted and paged in memory (see BENCHMARKS.md,
//! "Cooperation"), and no caller is served a menu older than the last committed write, whichever
//! process made it.
//!
//! Each activity has a [`MenuKey`] beside it: what the filters, visibility, eligibility and facet
//! counts read of it, packed into 32 bytes with its area, marking and frameworks as positions in
//! the menu's tables. A scan over the whole menu reads those keys, not the activities (whose
//! texts, lists and markings lie elsewhere on the heap); a marking's answer is worked out once per
//! query, not once per activity.
//!
//! Who may see what is decided here exactly as in SQL before ([`Scoped::activity_visibility`]
//! and [`may_see_activity`]): staff every activity, a delegation its nation's own proposals and
//! the published activities whose marking it may see, anyone else nothing.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use entente_domain::Lang;
use entente_domain::access::Marking;
use entente_domain::cooperation::{Activity, ActivityKind, ActivityStatus};
use entente_domain::registry::{FrameworkCode, Network};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{ActivityFilter, activities_from};
use crate::entities::activity;
use crate::{Scoped, Store, StoreError};

/// One activity of the menu, with its words lower-cased once for the free-text filter.
#[derive(Debug)]
pub struct MenuItem {
    pub activity: Activity,
    /// Code, titles and aims, lower-case, separated by newlines.
    words: String,
}

impl MenuItem {
    fn new(activity: Activity) -> MenuItem {
        let a = &activity;
        let words = [&a.code, &a.title_en, &a.title_fr, &a.aim_en, &a.aim_fr]
            .iter()
            .map(|s| s.to_lowercase())
            .collect::<Vec<_>>()
            .join("\n");
        MenuItem { activity, words }
    }

    /// Whether the code, a title or an aim holds the words sought.
    pub fn has_words(&self, sought: &Words) -> bool {
        sought.0.find(self.words.as_bytes()).is_some()
    }
}

/// Words sought on the menu, as typed (any case): the searcher is built once per query, not once
/// per activity.
pub struct Words(memchr::memmem::Finder<'static>);

impl Words {
    pub fn new(text: &str) -> Words {
        Words(memchr::memmem::Finder::new(text.to_lowercase().as_bytes()).into_owned())
    }
}

/// What a scan over the menu reads of one activity (see the module's notes).
#[derive(Debug, Clone, Copy)]
pub struct MenuKey {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub deadline: NaiveDate,
    /// Position in [`Menu::markings`].
    pub marking: u32,
    /// Position in [`Menu::framework_sets`]: the frameworks the activity is open to.
    pub frameworks: u32,
    /// Position in [`Menu::areas`].
    pub area: u16,
    /// Position in [`ActivityKind::ALL`].
    pub kind: u8,
    /// Position in [`ActivityStatus::ALL`].
    pub status: u8,
    /// Bit `i` set: taught in [`Lang::ALL`]`[i]`.
    pub languages: u8,
    /// Published once (what a delegation may see of it is then its marking's to say).
    pub published: bool,
    pub has_prerequisites: bool,
}

impl MenuKey {
    pub fn kind(&self) -> ActivityKind {
        ActivityKind::ALL[self.kind as usize]
    }

    pub fn status(&self) -> ActivityStatus {
        ActivityStatus::ALL[self.status as usize]
    }

    pub fn teaches(&self, l: Lang) -> bool {
        self.languages & lang_bit(l) != 0
    }
}

fn lang_bit(l: Lang) -> u8 {
    1 << Lang::ALL.iter().position(|x| *x == l).unwrap_or(0)
}

/// Positions of distinct values, given out in order of first sight.
struct Interner<T: std::hash::Hash + Eq + Clone> {
    seen: HashMap<T, u32>,
    values: Vec<T>,
}

impl<T: std::hash::Hash + Eq + Clone> Interner<T> {
    fn new() -> Self {
        Interner { seen: HashMap::new(), values: Vec::new() }
    }

    fn at(&mut self, v: &T) -> u32 {
        if let Some(&i) = self.seen.get(v) {
            return i;
        }
        let i = self.values.len() as u32;
        self.seen.insert(v.clone(), i);
        self.values.push(v.clone());
        i
    }
}

/// Every activity as of one version, by first day then id, each with its [`MenuKey`].
#[derive(Debug, Default)]
pub struct Menu {
    pub version: i64,
    pub items: Vec<Arc<MenuItem>>,
    pub keys: Vec<MenuKey>,
    /// The distinct areas, markings and framework lists of the menu's activities.
    pub areas: Vec<String>,
    pub markings: Vec<Marking>,
    pub framework_sets: Vec<Vec<FrameworkCode>>,
}

impl Menu {
    /// The menu of these items, in their order (by first day then id).
    fn new(version: i64, items: Vec<Arc<MenuItem>>) -> Menu {
        let mut areas = Interner::new();
        let mut markings = Interner::new();
        let mut frameworks = Interner::new();
        let keys = items
            .iter()
            .map(|it| {
                let a = &it.activity;
                let status = a.status();
                MenuKey {
                    start: a.start,
                    end: a.end,
                    deadline: a.deadline,
                    marking: markings.at(&a.marking),
                    frameworks: frameworks.at(&a.frameworks),
                    area: areas.at(&a.area) as u16,
                    kind: ActivityKind::ALL.iter().position(|k| *k == a.kind).unwrap_or(0) as u8,
                    status: ActivityStatus::ALL.iter().position(|k| *k == status).unwrap_or(0) as u8,
                    languages: a.languages.iter().fold(0, |bits, l| bits | lang_bit(*l)),
                    published: a.history().iter().any(|h| h.status == ActivityStatus::Published),
                    has_prerequisites: !a.prerequisites.is_empty(),
                }
            })
            .collect();
        Menu { version, items, keys, areas: areas.values, markings: markings.values, framework_sets: frameworks.values }
    }
}

/// The menu a store handle shares with its clones.
#[derive(Default)]
pub(crate) struct MenuCache {
    current: RwLock<Option<Arc<Menu>>>,
    /// One reader brings the menu up to date at a time; the others then take its result.
    refresh: tokio::sync::Mutex<()>,
}

/// In a write's transaction: bump the menu's version and stamp the activities `ids` with it.
pub(crate) async fn menu_changed<C: ConnectionTrait>(txn: &C, ids: &[i64]) -> Result<(), StoreError> {
    let bump = Query::update()
        .table(Alias::new("menu_version"))
        .value(Alias::new("version"), Expr::col(Alias::new("version")).add(1))
        .and_where(Expr::col(Alias::new("id")).eq(1))
        .to_owned();
    txn.execute(&bump).await?;
    let version = Query::select()
        .column(Alias::new("version"))
        .from(Alias::new("menu_version"))
        .and_where(Expr::col(Alias::new("id")).eq(1))
        .to_owned();
    for chunk in ids.chunks(500) {
        let stamp = Query::update()
            .table(Alias::new("activity"))
            .value(
                Alias::new("menu_seq"),
                Expr::expr(sea_orm::sea_query::SimpleExpr::SubQuery(
                    None,
                    Box::new(sea_orm::sea_query::SubQueryStatement::SelectStatement(version.clone())),
                )),
            )
            .and_where(Expr::col(Alias::new("id")).is_in(chunk.iter().copied()))
            .to_owned();
        txn.execute(&stamp).await?;
    }
    Ok(())
}

impl Store {
    async fn menu_version(&self) -> Result<i64, StoreError> {
        let q = Query::select()
            .column(Alias::new("version"))
            .from(Alias::new("menu_version"))
            .and_where(Expr::col(Alias::new("id")).eq(1))
            .to_owned();
        Ok(match self.reader().query_one(&q).await? {
            Some(r) => r.try_get("", "version")?,
            None => 0,
        })
    }

    /// The whole menu as currently committed, from memory when no activity was written since.
    pub async fn menu(&self) -> Result<Arc<Menu>, StoreError> {
        let cache = self.menu_cache();
        let version = self.menu_version().await?;
        let held = cache.current.read().ok().and_then(|g| g.clone());
        if let Some(m) = &held
            && m.version >= version
        {
            return Ok(m.clone());
        }
        let _one = cache.refresh.lock().await;
        // Another reader may have brought it up to date while this one waited.
        let held = cache.current.read().ok().and_then(|g| g.clone());
        if let Some(m) = &held
            && m.version >= version
        {
            return Ok(m.clone());
        }
        let db = self.reader();
        let fresh = match held {
            None => {
                let rows = activity::Entity::find()
                    .order_by_asc(activity::Column::StartDate)
                    .order_by_asc(activity::Column::Id)
                    .all(db)
                    .await?;
                let items = activities_from(db, &rows).await?.into_iter().map(|a| Arc::new(MenuItem::new(a))).collect();
                Menu::new(version, items)
            }
            Some(old) => {
                // Only what was written since: stamped after the version held. A write committed
                // after `version` was read may be among them; the next read reads it again.
                let rows = activity::Entity::find()
                    .filter(Expr::col((activity::Entity, Alias::new("menu_seq"))).gt(old.version))
                    .all(db)
                    .await?;
                let changed: HashMap<i64, Activity> =
                    activities_from(db, &rows).await?.into_iter().map(|a| (a.id.0, a)).collect();
                // The unchanged activities are shared with the menu held, not copied.
                let mut items: Vec<Arc<MenuItem>> = Vec::with_capacity(old.items.len() + changed.len());
                let mut rest = changed;
                for it in &old.items {
                    match rest.remove(&it.activity.id.0) {
                        Some(a) => items.push(Arc::new(MenuItem::new(a))),
                        None => items.push(it.clone()),
                    }
                }
                items.extend(rest.into_values().map(|a| Arc::new(MenuItem::new(a))));
                items.sort_by_key(|it| (it.activity.start, it.activity.id.0));
                Menu::new(version, items)
            }
        };
        let fresh = Arc::new(fresh);
        if let Ok(mut g) = cache.current.write() {
            *g = Some(fresh.clone());
        }
        Ok(fresh)
    }
}

/// The activities of the menu one caller may see, filtered: positions in [`Menu::items`].
pub struct MenuView {
    pub menu: Arc<Menu>,
    pub picked: Vec<u32>,
}

impl MenuView {
    pub fn items(&self) -> impl Iterator<Item = &MenuItem> + '_ {
        self.picked.iter().map(|&i| &*self.menu.items[i as usize])
    }

    /// The keys of the picked activities, in the same order as [`MenuView::items`].
    pub fn keys(&self) -> impl Iterator<Item = &MenuKey> + '_ {
        self.picked.iter().map(|&i| &self.menu.keys[i as usize])
    }

    pub fn len(&self) -> usize {
        self.picked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.picked.is_empty()
    }

    /// Keep only the items `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&MenuItem) -> bool) {
        let menu = self.menu.clone();
        self.picked.retain(|&i| keep(&menu.items[i as usize]));
    }

    /// Keep only the items `keep` accepts, judged on their keys (and the item, where the key
    /// does not say enough).
    pub fn retain_keyed(&mut self, mut keep: impl FnMut(&MenuKey, &MenuItem) -> bool) {
        let menu = self.menu.clone();
        self.picked.retain(|&i| keep(&menu.keys[i as usize], &menu.items[i as usize]));
    }
}

impl Scoped {
    /// Whether this caller may see an activity on the menu: staff every activity, a delegation
    /// its nation's own proposals and the published activities whose marking it may see, anyone
    /// else nothing ([`Scoped::activity_visibility`] and
    /// [`may_see_activity`](entente_domain::cooperation::may_see_activity) together). `seen`
    /// remembers the answer for each of the menu's markings.
    fn may_see_on_menu(&self, key: &MenuKey, menu: &Menu, network: &Network, seen: &mut [Option<bool>]) -> bool {
        let staff = self.is_staff();
        let nation = self.principal().and_then(|p| p.nation());
        if !staff && nation.is_none() {
            return false;
        }
        let marking = &menu.markings[key.marking as usize];
        if !key.published {
            // Not published: staff, and its proposer's delegation.
            return staff || marking.originator.as_ref() == nation;
        }
        *seen[key.marking as usize]
            .get_or_insert_with(|| entente_domain::access::may_see(self.viewer(), marking, network))
    }

    /// The menu as this caller may see it, filtered.
    pub async fn menu_view(&self, f: &ActivityFilter, network: &Network) -> Result<MenuView, StoreError> {
        let menu = self.store().menu().await?;
        let provider = f.provider.as_deref().map(str::trim).filter(|p| !p.is_empty());
        let provider_code = provider.map(str::to_ascii_uppercase);
        let provider_words = provider.map(str::to_lowercase);
        let ids: Option<std::collections::HashSet<i64>> = f.ids.as_ref().map(|v| v.iter().copied().collect());
        // An area no activity is in matches none.
        let area = match &f.area {
            None => None,
            Some(x) => match menu.areas.iter().position(|a| a == x) {
                Some(i) => Some(i as u16),
                None => return Ok(MenuView { menu, picked: Vec::new() }),
            },
        };
        let mut seen = vec![None; menu.markings.len()];
        let picked = menu
            .keys
            .iter()
            .zip(&menu.items)
            .enumerate()
            .filter(|(_, (k, it))| {
                area.is_none_or(|x| k.area == x)
                    && f.kind.is_none_or(|x| k.kind() == x)
                    && f.from.is_none_or(|d| k.end >= d)
                    && f.to.is_none_or(|d| k.start <= d)
                    && f.language.is_none_or(|l| k.teaches(l))
                    && f.status.is_none_or(|s| k.status() == s)
                    && ids.as_ref().is_none_or(|ids| ids.contains(&it.activity.id.0))
                    && provider_code.as_ref().is_none_or(|code| match &it.activity.provider {
                        entente_domain::cooperation::Provider::Nation(n) => n.as_str() == code,
                        entente_domain::cooperation::Provider::Institution(i) => {
                            provider_words.as_ref().is_some_and(|w| i.to_lowercase().contains(w.as_str()))
                        }
                    })
                    && self.may_see_on_menu(k, &menu, network, &mut seen)
            })
            .map(|(i, _)| i as u32)
            .collect();
        Ok(MenuView { menu, picked })
    }
}
