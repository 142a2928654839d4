//! Benchmark of the search index (a bench binary, not a timed test).
//!
//! ```text
//! cargo bench -p entente-search --bench search -- --meetings 10000 --docs 100000 --reps 25 --seed 1
//! ```
//!
//! Generates a clearly synthetic corpus in English and French (meetings, agenda items,
//! statements, records, documents on the alliance's security topics), marks every item with a
//! random releasability marking (audience, originator, release date) and resolves its readers on
//! the real demo network with `tokens::item_readers`, as the store will. It indexes the corpus in
//! a directory, then runs typical searches (first page of 20) under the tokens of several
//! viewers — an ally, partners of three frameworks, the staff — and prints p50 / p99 latency.
//! Each search's first run for a viewer (which computes that viewer's visible-corpus statistics)
//! is reported apart from the warm runs.

use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate};
use entente_domain::access::{Affiliation, Audience, Marking, Principal, Role, Viewer};
use entente_domain::registry::{FrameworkCode, NationCode, Network, demo_network};
use entente_search::tokens::{item_readers, viewer_tokens};
use entente_search::{Lang, Options as IndexOptions, Query, SearchDoc, SearchIndex};

struct Options {
    meetings: usize,
    docs: usize,
    reps: usize,
    seed: u64,
    dir: Option<PathBuf>,
}

fn options() -> Result<Options, Box<dyn Error>> {
    let mut o = Options { meetings: 10_000, docs: 100_000, reps: 25, seed: 1, dir: None };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--meetings" => o.meetings = args.next().ok_or("--meetings needs a value")?.parse()?,
            "--docs" => o.docs = args.next().ok_or("--docs needs a value")?.parse()?,
            "--reps" => o.reps = args.next().ok_or("--reps needs a value")?.parse()?,
            "--seed" => o.seed = args.next().ok_or("--seed needs a value")?.parse()?,
            "--dir" => o.dir = Some(PathBuf::from(args.next().ok_or("--dir needs a value")?)),
            // `cargo bench` passes `--bench`; ignore it and anything else of cargo's.
            _ => {}
        }
    }
    Ok(o)
}

/// CPU time of this process so far (user + system), in seconds, from `/proc/self/stat`.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.to_string();
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = fields.get(11)?.parse().ok()?;
            let stime: f64 = fields.get(12)?.parse().ok()?;
            Some((utime + stime) / 100.0)
        })
        .unwrap_or(f64::NAN)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0)
}

/// SplitMix64: small, seeded, good enough for generating text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index below `n`, skewed towards 0 (a few topics dominate, as in real records).
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

const TOPICS_EN: &[&str] = &[
    "maritime security",
    "cyber defence",
    "counter-terrorism",
    "energy security",
    "hybrid threats",
    "arms control",
    "non-proliferation of weapons of mass destruction",
    "border security",
    "crisis management",
    "defence capacity building",
    "disaster response",
    "trafficking in human beings",
    "small arms and light weapons",
    "climate change and security",
    "emerging and disruptive technologies",
    "disinformation",
    "critical infrastructure protection",
    "piracy",
    "humanitarian demining",
    "women, peace and security",
];

const TOPICS_FR: &[&str] = &[
    "sécurité maritime",
    "cyberdéfense",
    "lutte contre le terrorisme",
    "sécurité énergétique",
    "menaces hybrides",
    "maîtrise des armements",
    "non-prolifération des armes de destruction massive",
    "sécurité des frontières",
    "gestion de crise",
    "renforcement des capacités de défense",
    "réaction aux catastrophes",
    "traite des êtres humains",
    "armes légères et de petit calibre",
    "changement climatique et sécurité",
    "technologies émergentes et de rupture",
    "désinformation",
    "protection des infrastructures critiques",
    "piraterie",
    "déminage humanitaire",
    "femmes, paix et sécurité",
];

const REGIONS_EN: &[&str] = &[
    "the Black Sea region",
    "the Western Balkans",
    "the Mediterranean",
    "the Gulf region",
    "the South Caucasus",
    "Central Asia",
    "the Sahel",
    "the Baltic Sea region",
    "the Indo-Pacific",
    "the High North",
];

const REGIONS_FR: &[&str] = &[
    "la région de la mer Noire",
    "les Balkans occidentaux",
    "la Méditerranée",
    "la région du Golfe",
    "le Caucase du Sud",
    "l'Asie centrale",
    "le Sahel",
    "la région de la mer Baltique",
    "l'Indo-Pacifique",
    "le Grand Nord",
];

const SENTENCES_EN: &[&str] = &[
    "The delegation of {n} expressed concern about {t} in {r}.",
    "Allies and partners exchanged views on {t} and agreed to hold further consultations.",
    "{n} requested consultations on {t}, citing recent incidents in {r}.",
    "The Chair summarised the discussion on {t} and recalled the decisions of the previous meeting.",
    "Participants welcomed the progress of the partnership goals related to {t}.",
    "{n} offered to host a course on {t} for officers from {r}.",
    "The secretariat presented an assessment of {t} based on reports shared by partners.",
    "Several delegations stressed that regional cooperation on {t} builds trust and prevents conflict.",
    "Follow-up actions on {t} were assigned, with a report due before the next meeting.",
    "{n} thanked Allies for their support to its tailored programme, in particular on {t}.",
    "The exercise scenario addressed {t} and the protection of civilians in {r}.",
    "Experts briefed on trends in {t} observed over the past year in {r}.",
];

const SENTENCES_FR: &[&str] = &[
    "La délégation de {n} a exprimé sa préoccupation au sujet de {t} dans {r}.",
    "Les Alliés et les partenaires ont échangé leurs vues sur {t} et sont convenus de poursuivre les consultations.",
    "{n} a demandé des consultations sur {t}, en invoquant des incidents récents dans {r}.",
    "La présidence a résumé la discussion sur {t} et rappelé les décisions de la réunion précédente.",
    "Les participants ont salué les progrès des objectifs de partenariat relatifs à {t}.",
    "{n} a proposé d'accueillir un cours sur {t} pour des officiers de {r}.",
    "Le secrétariat a présenté une évaluation de {t} fondée sur les rapports partagés par les partenaires.",
    "Plusieurs délégations ont souligné que la coopération régionale sur {t} renforce la confiance et prévient les conflits.",
    "Des actions de suivi sur {t} ont été attribuées, avec un rapport attendu avant la prochaine réunion.",
    "{n} a remercié les Alliés pour leur soutien à son programme individualisé, en particulier sur {t}.",
    "Le scénario de l'exercice portait sur {t} et la protection des civils dans {r}.",
    "Des experts ont présenté les tendances de {t} observées au cours de l'année écoulée dans {r}.",
];

const FORMATS: &[&str] = &["NAC", "EAPC", "NAC+MD", "NAC+ICI", "NATO+4", "Allies+Ukraine", "Allies+n"];

struct Generator<'a> {
    rng: Rng,
    network: &'a Network,
    nations: Vec<NationCode>,
    frameworks: Vec<FrameworkCode>,
}

impl Generator<'_> {
    fn nation_name(&mut self, lang: Option<Lang>) -> String {
        let code = self.rng.pick(&self.nations).clone();
        let nation = self.network.nation(&code);
        nation.map_or_else(
            || code.to_string(),
            |n| n.name_in(if lang == Some(Lang::Fr) { "fr" } else { "en" }).to_string(),
        )
    }

    fn sentence(&mut self, lang: Option<Lang>, topic: usize) -> String {
        let (sentences, topics, regions) = match lang {
            Some(Lang::Fr) => (SENTENCES_FR, TOPICS_FR, REGIONS_FR),
            _ => (SENTENCES_EN, TOPICS_EN, REGIONS_EN),
        };
        // Mostly the item's own topic, sometimes another one.
        let t = if self.rng.below(4) == 0 { topics[self.rng.skewed(topics.len())] } else { topics[topic] };
        let r = *self.rng.pick(regions);
        let n = self.nation_name(lang);
        self.rng.pick(sentences).replace("{t}", t).replace("{r}", r).replace("{n}", &n)
    }

    fn body(&mut self, lang: Option<Lang>, topic: usize, sentences: usize) -> String {
        let mut out = String::new();
        for _ in 0..sentences {
            // Items of unknown language mix both languages.
            let l = match lang {
                None if self.rng.below(2) == 0 => Some(Lang::Fr),
                None => Some(Lang::En),
                l => l,
            };
            out.push_str(&self.sentence(l, topic));
            out.push(' ');
        }
        out
    }

    fn lang(&mut self) -> Option<Lang> {
        match self.rng.below(20) {
            0..=11 => Some(Lang::En),
            12..=18 => Some(Lang::Fr),
            _ => None,
        }
    }

    fn marking(&mut self) -> Marking {
        let audience = match self.rng.below(20) {
            0..=1 => Audience::StaffOnly,
            2..=5 => Audience::AlliesOnly,
            6..=10 => {
                let mut named: Vec<NationCode> =
                    (0..1 + self.rng.below(3)).map(|_| self.rng.pick(&self.nations).clone()).collect();
                named.sort();
                named.dedup();
                Audience::Nations(named)
            }
            11..=15 => Audience::Frameworks(vec![self.rng.pick(&self.frameworks).clone()]),
            16..=17 => Audience::AllPartners,
            _ => Audience::Public,
        };
        let originator = (self.rng.below(2) == 0).then(|| self.rng.pick(&self.nations).clone());
        let day = NaiveDate::from_ymd_opt(2015, 1, 1).map_or(0, |d| d.num_days_from_ce()) + self.rng.below(3650) as i32;
        let released_on = NaiveDate::from_num_days_from_ce_opt(day).unwrap_or_default();
        Marking { classification: "NATO UNCLASSIFIED".into(), audience, originator, released_on }
    }

    fn item(&mut self, kind: &str, n: usize) -> SearchDoc {
        let lang = self.lang();
        let topic = self.rng.skewed(TOPICS_EN.len());
        let fr = lang == Some(Lang::Fr);
        let topic_name = if fr { TOPICS_FR[topic] } else { TOPICS_EN[topic] };
        let (title, sentences) = match kind {
            "meeting" => {
                let format = self.rng.pick(FORMATS);
                let title = if fr {
                    format!("Réunion {format} sur {topic_name}")
                } else {
                    format!("{format} meeting on {topic_name}")
                };
                (title, 4 + self.rng.below(8))
            }
            "statement" => {
                let nation = self.nation_name(lang);
                let title = if fr {
                    format!("Déclaration de {nation} sur {topic_name}")
                } else {
                    format!("Statement by {nation} on {topic_name}")
                };
                (title, 6 + self.rng.below(14))
            }
            _ => {
                let title = if fr { format!("Rapport : {topic_name}") } else { format!("Report: {topic_name}") };
                (title, 10 + self.rng.below(30))
            }
        };
        let marking = self.marking();
        SearchDoc {
            kind: kind.to_string(),
            id: n.to_string(),
            title,
            body: self.body(lang, topic, sentences),
            lang,
            date: Some(marking.released_on),
            readers: item_readers(&marking, self.network),
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

const QUERIES: &[&str] = &[
    "maritime security",
    "cyber defence exercise",
    "consultations",
    "\"hybrid threats\"",
    "terrorism",
    "Ukraine",
    "arms control",
    "disaster response Mediterranean",
    "capacity building course",
    "disinformation",
    "sécurité maritime",
    "menaces hybrides",
    "lutte contre le terrorisme",
    "cyberdefense",
    "gestion de crise",
    "déminage",
    "securite energetique",
    "\"mer Noire\" consultations",
];

fn main() -> Result<(), Box<dyn Error>> {
    let o = options()?;
    let network = demo_network().map_err(|e| format!("demo network: {e:?}"))?;
    let nations: Vec<NationCode> = network.nations().map(|n| n.code.clone()).collect();
    let frameworks: Vec<FrameworkCode> =
        ["PFP", "MD", "ICI", "PAG", "ORG"].iter().map(|f| f.parse()).collect::<Result<_, _>>()?;
    let mut g = Generator { rng: Rng(o.seed), network: &network, nations, frameworks };

    println!("load average at start: {}", load_average());
    let t = Instant::now();
    let mut items = Vec::with_capacity(o.meetings + o.docs);
    for i in 0..o.meetings {
        items.push(g.item("meeting", i));
    }
    const KINDS: &[&str] = &["statement", "statement", "document", "agenda_item", "record"];
    for i in 0..o.docs {
        let kind = *g.rng.pick(KINDS);
        items.push(g.item(kind, o.meetings + i));
    }
    let words: usize =
        items.iter().map(|d| d.body.split_whitespace().count() + d.title.split_whitespace().count()).sum();
    let readers: usize = items.iter().map(|d| d.readers.len()).sum();
    println!(
        "generated {} items ({} meetings), {:.1} M words, {:.1} readers per item, in {:.1} s",
        items.len(),
        o.meetings,
        words as f64 / 1e6,
        readers as f64 / items.len() as f64,
        t.elapsed().as_secs_f64()
    );

    let temp = tempfile::tempdir()?;
    let dir = o.dir.clone().unwrap_or_else(|| temp.path().join("search"));
    let index = SearchIndex::open_with(&dir, IndexOptions::default())?;
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    for (i, batch) in items.chunks(5_000).enumerate() {
        index.upsert(batch)?;
        if i % 4 == 3 {
            index.commit()?;
        }
    }
    index.commit()?;
    let index_wall = wall.elapsed().as_secs_f64();
    println!(
        "indexed in {:.1} s wall, {:.1} s CPU ({:.0} items/s), {:.0} MiB on disk",
        index_wall,
        cpu_seconds() - cpu,
        items.len() as f64 / index_wall,
        dir_size(&dir) as f64 / (1024.0 * 1024.0)
    );
    drop(items);

    let principal = |affiliation, role| Principal { user_id: 1, username: "bench".into(), affiliation, role };
    let delegate = |code: &str| -> Result<Principal, Box<dyn Error>> {
        Ok(principal(Affiliation::Nation(code.parse()?), Role::DelegationMember))
    };
    let viewers: Vec<(&str, Principal)> = vec![
        ("ally FRA", delegate("FRA")?),
        ("PfP partner UKR", delegate("UKR")?),
        ("MD partner EGY", delegate("EGY")?),
        ("global partner JPN", delegate("JPN")?),
        ("staff", principal(Affiliation::Staff, Role::StaffOfficer)),
    ];

    println!();
    println!("| viewer | first search (cold statistics) | p50 ms | p99 ms | max ms | mean total |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut all = Vec::new();
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    for (name, p) in &viewers {
        let tokens = viewer_tokens(Viewer::User(p));
        let mut times = Vec::new();
        let mut totals = 0u64;
        let t = Instant::now();
        index.search(&Query::new(QUERIES[0], tokens.clone()))?;
        let cold = t.elapsed();
        for _ in 0..o.reps {
            for q in QUERIES {
                let t = Instant::now();
                let r = index.search(&Query::new(*q, tokens.clone()))?;
                times.push(t.elapsed());
                totals += r.total;
            }
        }
        times.sort();
        println!(
            "| {name} | {} | {} | {} | {} | {:.0} |",
            ms(cold),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().unwrap_or(&Duration::ZERO)),
            totals as f64 / times.len() as f64
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "| all | | {} | {} | {} | |",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "\n{} searches in {:.1} s wall, {:.1} s CPU; load average at end: {}",
        all.len(),
        wall.elapsed().as_secs_f64(),
        cpu_seconds() - cpu,
        load_average()
    );

    // Per query, under the partner's tokens: which searches are slow.
    let tokens = viewer_tokens(Viewer::User(&viewers[1].1));
    println!("\n| query (PfP partner UKR) | p50 ms | p99 ms | total |");
    println!("|---|---:|---:|---:|");
    for q in QUERIES {
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..o.reps {
            let t = Instant::now();
            total = index.search(&Query::new(*q, tokens.clone()))?.total;
            times.push(t.elapsed());
        }
        times.sort();
        println!("| `{q}` | {} | {} | {total} |", ms(percentile(&times, 0.5)), ms(percentile(&times, 0.99)));
    }
    Ok(())
}
