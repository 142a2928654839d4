//! The cooperation menu held in memory: every activity, as stored, shared by `Arc` and replaced
//! when an activity is written. Each write to an activity bumps `menu_version` in its transaction
//! and stamps the activities it wrote with the new version (`activity.menu_seq`); a read checks
//! that one row and, when it moved, reads back only the activities stamped since. A menu of
//! 100,000 activities is then filtered, counted and paged in memory (see BENCHMARKS.md,
//! "Cooperation"), and no caller is served a menu older than the last committed write, whichever
//! process made it.
//!
//! Who may see what is decided here exactly as in SQL before ([`Scoped::activity_visibility`]
//! and [`may_see_activity`]): staff every activity, a delegation its nation's own proposals and
//! the published activities whose marking it may see, anyone else nothing.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use entente_domain::cooperation::{Activity, ActivityStatus, may_see_activity};
use entente_domain::registry::Network;
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

    /// Whether the code, a title or an aim holds `needle` (already lower-case).
    pub fn has_words(&self, needle: &str) -> bool {
        self.words.contains(needle)
    }
}

/// Every activity as of one version, by first day then id.
#[derive(Debug, Default)]
pub struct Menu {
    pub version: i64,
    pub items: Vec<MenuItem>,
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
                let items = activities_from(db, &rows).await?.into_iter().map(MenuItem::new).collect();
                Menu { version, items }
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
                let mut items: Vec<MenuItem> = Vec::with_capacity(old.items.len() + changed.len());
                let mut rest = changed;
                for it in &old.items {
                    match rest.remove(&it.activity.id.0) {
                        Some(a) => items.push(MenuItem::new(a)),
                        None => items.push(MenuItem { activity: it.activity.clone(), words: it.words.clone() }),
                    }
                }
                items.extend(rest.into_values().map(MenuItem::new));
                items.sort_by_key(|it| (it.activity.start, it.activity.id.0));
                Menu { version, items }
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
        self.picked.iter().map(|&i| &self.menu.items[i as usize])
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
}

impl Scoped {
    /// Whether this caller may see `a` on the menu (the rule of [`Scoped::activity_visibility`]
    /// and [`may_see_activity`] together). `seen` remembers the answer for each marking of a
    /// published activity: a menu of 100,000 activities holds a few hundred markings.
    fn may_see_on_menu<'m>(
        &self,
        a: &'m Activity,
        network: &Network,
        seen: &mut std::collections::HashMap<&'m entente_domain::access::Marking, bool>,
    ) -> bool {
        if self.is_staff() {
            return may_see_activity(self.viewer(), a, network);
        }
        let Some(nation) = self.principal().and_then(|p| p.nation()) else { return false };
        let published = a.history().iter().any(|h| h.status == ActivityStatus::Published);
        if !published {
            // Not published: its proposer's delegation only (may_see_activity's rule).
            return a.marking.originator.as_ref() == Some(nation);
        }
        *seen.entry(&a.marking).or_insert_with(|| entente_domain::access::may_see(self.viewer(), &a.marking, network))
    }

    /// The menu as this caller may see it, filtered as [`Scoped::activities`] filters, from memory.
    pub async fn menu_view(&self, f: &ActivityFilter, network: &Network) -> Result<MenuView, StoreError> {
        let menu = self.store().menu().await?;
        let provider = f.provider.as_deref().map(str::trim).filter(|p| !p.is_empty());
        let provider_code = provider.map(str::to_ascii_uppercase);
        let provider_words = provider.map(str::to_lowercase);
        let ids: Option<std::collections::HashSet<i64>> = f.ids.as_ref().map(|v| v.iter().copied().collect());
        let mut seen = std::collections::HashMap::new();
        let picked = menu
            .items
            .iter()
            .enumerate()
            .filter(|(_, it)| {
                let a = &it.activity;
                f.area.as_ref().is_none_or(|x| &a.area == x)
                    && f.kind.is_none_or(|k| a.kind == k)
                    && f.from.is_none_or(|d| a.end >= d)
                    && f.to.is_none_or(|d| a.start <= d)
                    && f.language.is_none_or(|l| a.languages.contains(&l))
                    && f.status.is_none_or(|s| a.status() == s)
                    && ids.as_ref().is_none_or(|ids| ids.contains(&a.id.0))
                    && provider_code.as_ref().is_none_or(|code| match &a.provider {
                        entente_domain::cooperation::Provider::Nation(n) => n.as_str() == code,
                        entente_domain::cooperation::Provider::Institution(i) => {
                            provider_words.as_ref().is_some_and(|w| i.to_lowercase().contains(w.as_str()))
                        }
                    })
                    && self.may_see_on_menu(a, network, &mut seen)
            })
            .map(|(i, _)| i as u32)
            .collect();
        Ok(MenuView { menu, picked })
    }
}
