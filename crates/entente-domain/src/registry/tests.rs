//! The registry checked against the historical record.

use chrono::NaiveDate;

use super::import::{
    FileKind, detect, parse_formats, parse_groupings, parse_network, parse_sizes, sniff, write_network_csv,
};
use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
fn code(s: &str) -> NationCode {
    s.parse().unwrap()
}
fn fw(s: &str) -> FrameworkCode {
    s.parse().unwrap()
}
fn net() -> Network {
    demo_network().unwrap()
}

#[test]
fn allies_through_history() {
    let n = net();
    assert_eq!(n.allies_on(d("1949-04-03")).len(), 0);
    assert_eq!(n.allies_on(d("1949-04-04")).len(), 12);
    assert_eq!(n.allies_on(d("2013-01-01")).len(), 28);
    assert_eq!(n.allies_on(d("2024-03-06")).len(), 31);
    assert_eq!(n.allies_on(d("2024-03-07")).len(), 32);
    assert_eq!(n.allies_on(d("2026-11-27")).len(), 32);
}

#[test]
fn partner_frameworks_today() {
    let n = net();
    let today = d("2026-11-27");
    assert_eq!(n.members_of(&fw("MD"), today).len(), 7);
    assert_eq!(n.members_of(&fw("ICI"), today).len(), 4);
    assert_eq!(n.members_of(&fw("ORG"), today).len(), 5);
    // EAPC: 16 active PfP partners, Russia and Belarus suspended (18 listed).
    assert_eq!(n.members_of(&fw("PFP"), today).len(), 16);
    let suspended: Vec<&str> = n.suspended_in(&fw("PFP"), today).iter().map(|x| x.code.as_str()).collect();
    assert_eq!(suspended, ["BLR", "RUS"]);
}

#[test]
fn russia_suspended_from_2014_04_01() {
    let n = net();
    assert!(n.is_active(&code("RUS"), &fw("PFP"), d("2014-03-31")));
    assert!(!n.is_active(&code("RUS"), &fw("PFP"), d("2014-04-01")));
    assert!(!n.is_active(&code("RUS"), &fw("PFP"), d("2020-01-01")));
    assert_eq!(n.status_on(&code("RUS"), d("2014-04-01")), NationStatus::Suspended { framework: fw("PFP") });
}

#[test]
fn finland_partner_until_2023_04_04_then_ally() {
    let n = net();
    let fin = code("FIN");
    assert!(n.is_active(&fin, &fw("PFP"), d("2023-04-03")));
    assert!(!n.is_active(&fin, &fw("ALLIANCE"), d("2023-04-03")));
    assert!(!n.is_active(&fin, &fw("PFP"), d("2023-04-04")));
    assert!(n.is_active(&fin, &fw("ALLIANCE"), d("2023-04-04")));
    assert_eq!(n.status_on(&fin, d("2023-04-04")), NationStatus::Ally);
    let tl = n.timeline(&fin);
    let kinds: Vec<(String, TimelineEventKind)> = tl.iter().map(|e| (e.date.to_string(), e.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("1994-05-09".to_string(), TimelineEventKind::Joined),
            ("2023-04-04".to_string(), TimelineEventKind::BecameMember),
            ("2023-04-04".to_string(), TimelineEventKind::Joined),
        ]
    );
    assert_eq!(n.nation(&fin).unwrap().kind, NationKind::Member);
}

#[test]
fn malta_has_two_pfp_periods() {
    let n = net();
    let mlt = code("MLT");
    assert!(n.is_active(&mlt, &fw("PFP"), d("1996-01-01")));
    assert!(!n.is_active(&mlt, &fw("PFP"), d("2000-01-01")));
    assert!(n.is_active(&mlt, &fw("PFP"), d("2010-01-01")));
    assert_eq!(n.memberships_of(&mlt).count(), 2);
}

#[test]
fn a_nations_memberships_are_exactly_those_naming_it_in_order() {
    let n = net();
    let mut seen = 0;
    for nation in n.nations() {
        let fast: Vec<&Membership> = n.memberships_of(&nation.code).collect();
        let scan: Vec<&Membership> = n.memberships().iter().filter(|m| m.nation == nation.code).collect();
        assert_eq!(fast, scan, "{}", nation.code);
        seen += fast.len();
    }
    assert_eq!(seen, n.memberships().len());
    assert_eq!(n.memberships_of(&code("ZZZ")).count(), 0);
}

#[test]
fn partial_dates_count_from_the_first_day_of_their_period() {
    let n = net();
    // Egypt joined the Dialogue in "1995-02"; Belarus was suspended in "2021-11".
    assert!(!n.is_active(&code("EGY"), &fw("MD"), d("1995-01-31")));
    assert!(n.is_active(&code("EGY"), &fw("MD"), d("1995-02-01")));
    assert!(n.is_active(&code("BLR"), &fw("PFP"), d("2021-10-31")));
    assert!(!n.is_active(&code("BLR"), &fw("PFP"), d("2021-11-01")));
    // Iraq: "2011".
    assert!(n.is_active(&code("IRQ"), &fw("PAG"), d("2011-01-01")));
}

#[test]
fn sizes_attach_to_states_only() {
    let n = net();
    let fin = n.nation(&code("FIN")).unwrap();
    assert!(fin.size.as_ref().unwrap().population_millions > 5.0);
    assert!(n.nation(&code("OSCE")).unwrap().size.is_none());
    assert_eq!(n.nations().filter(|x| x.size.is_some()).count(), 70);
}

#[test]
fn formats_resolve_as_of_their_date() {
    let n = net();
    let md = FormatSpec { include_allies: true, frameworks: vec![fw("MD")], partners: vec![] };
    assert_eq!(md.kind(), FormatKind::Framework);
    let r = md.resolve(&n, d("2026-01-15"));
    assert_eq!((r.allies(), r.partners()), (32, 7));
    let r = md.resolve(&n, d("1999-01-15"));
    assert_eq!((r.allies(), r.partners()), (16, 6)); // Algeria joined in 2000
    let plus =
        FormatSpec { include_allies: true, frameworks: vec![], partners: vec![code("UKR"), code("RUS"), code("XYZ")] };
    assert_eq!(plus.kind(), FormatKind::AlliesPlus);
    let r = plus.resolve(&n, d("2022-03-01"));
    assert!(r.includes(&code("UKR")));
    assert!(!r.includes(&code("RUS")));
    assert_eq!(
        r.excluded,
        [
            Excluded { nation: code("RUS"), reason: ExclusionReason::Suspended { framework: fw("PFP") } },
            Excluded { nation: code("XYZ"), reason: ExclusionReason::UnknownNation },
        ]
    );
    let r = plus.resolve(&n, d("2010-03-01"));
    assert!(r.includes(&code("RUS")), "Russia sat with the allies before 2014");
    let across = FormatSpec { include_allies: false, frameworks: vec![fw("MD"), fw("ICI")], partners: vec![] };
    assert_eq!(across.kind(), FormatKind::AcrossFrameworks);
    assert_eq!(across.resolve(&n, d("2026-01-15")).seats.len(), 11);
    let all = FormatSpec { include_allies: true, frameworks: vec![], partners: vec![] };
    assert_eq!(all.kind(), FormatKind::AllAllies);
    // Finland sits as an ally, not as a PfP partner, in the EAPC once it has joined.
    let eapc = FormatSpec { include_allies: true, frameworks: vec![fw("PFP")], partners: vec![] };
    let r = eapc.resolve(&n, d("2023-04-04"));
    assert_eq!(r.seats.iter().find(|s| s.nation == code("FIN")).unwrap().basis, Basis::Ally);
}

#[test]
fn format_rules_are_checked() {
    let empty = FormatSpec { include_allies: false, frameworks: vec![], partners: vec![] };
    assert_eq!(empty.validate(), Err(FormatError::Empty));
    let alliance = FormatSpec { include_allies: false, frameworks: vec![fw("ALLIANCE")], partners: vec![] };
    assert_eq!(alliance.validate(), Err(FormatError::AllianceAsFramework));
    let dup = FormatSpec { include_allies: true, frameworks: vec![], partners: vec![code("UKR"), code("UKR")] };
    assert_eq!(dup.validate(), Err(FormatError::DuplicatePartner(code("UKR"))));
}

fn errors_of(csv: &str) -> Vec<String> {
    parse_network(csv.as_bytes(), &framework_roles()).unwrap_err().iter().map(ToString::to_string).collect()
}

const HEADER: &str = "code,name,kind,framework,joined,left,region,note\n";

#[test]
fn bad_rows_are_named_by_line_and_column() {
    let csv = format!(
        "{HEADER}\
FIN,Finland,member,NATOX,2023-04-04,,Northern Europe,\n\
SWE,Sweden,member,ALLIANCE,2024-13-07,,Northern Europe,\n\
RUS,Russia,partner_state,PFP,1994-06-22,1990-01-01,Eastern Europe,\n\
UKR,Ukraine,partner_state,PFP,1994-02-08,,Eastern Europe,\n\
UKR,Ukraine,partner_state,PFP,1994-02-08,,Eastern Europe,\n\
GEO,Georgia,ally,PFP,1994-03-23,,South Caucasus,\n\
EGY,Egypt,member,MD,1995-02,,North Africa,\n\
UN,United Nations,partner_state,PFP,2008,,Global,\n\
MLT,Malta,partner_state,PFP,1995-04-26,2009-01-01,Southern Europe,\n\
MLT,Malta,partner_state,PFP,2008-04-03,,Southern Europe,\n\
ARM,Armenia,partner_state,PFP,1994-10-05,,South Caucasus\n\
AUT,Austria,partner_state,PFP,,,Central Europe,\n"
    );
    let errors = errors_of(&csv);
    let expected = [
        "line 2, column framework: unknown framework 'NATOX' (known: ALLIANCE, PFP, MD, ICI, PAG, ORG)",
        "line 3, column joined: '2024-13-07' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD",
        "line 4, column left: left (1990-01-01) is not after joined (1994-06-22)",
        "line 7, column kind: unknown kind 'ally' (expected member, partner_state or partner_org)",
        "line 8, column kind: kind 'member' does not fit framework MD: its participants are 'partner_state'",
        "line 9, column code: 'UN' is not an ISO 3166-1 alpha-3 code, which a state needs",
        "line 12: 7 fields, but the header has 8 columns",
        "line 13, column joined: 'joined' is empty",
    ];
    for e in expected {
        assert!(errors.iter().any(|x| x == e), "missing {e:?} in {errors:#?}");
    }
    // Cross-row problems appear once the rows themselves are good.
    let csv = format!(
        "{HEADER}\
UKR,Ukraine,partner_state,PFP,1994-02-08,,Eastern Europe,\n\
UKR,Ukraine,partner_state,PFP,1994-02-08,,Eastern Europe,\n\
MLT,Malta,partner_state,PFP,1995-04-26,2009-01-01,Southern Europe,\n\
MLT,Malta,partner_state,PFP,2008-04-03,,Southern Europe,\n\
GEO,Georgia,partner_state,PFP,1994-03-23,,South Caucasus,\n\
GEO,Sakartvelo,partner_state,PAG,2020,,South Caucasus,\n"
    );
    assert_eq!(
        errors_of(&csv),
        [
            "line 3: duplicate: UKR in PFP from 1994-02-08 is already on line 2",
            "line 5, column joined: this period of MLT in PFP overlaps the one on line 4",
            "line 7, column name: name 'Sakartvelo' differs from 'Georgia' given for GEO on line 6",
        ]
    );
}

#[test]
fn header_problems_are_reported_on_line_1() {
    assert_eq!(
        errors_of("code,name,kind,framework,jioned\n"),
        [
            "line 1, column joined: required column 'joined' is missing (header: code,name,kind,framework,jioned)",
            "line 1, column jioned: unknown column 'jioned' (expected: code,name,kind,framework,joined,left,region,note)",
        ]
    );
    assert_eq!(
        errors_of(""),
        ["line 1: the file is empty; expected the header code,name,kind,framework,joined,left,region,note"]
    );
    assert_eq!(errors_of(HEADER), ["line 2: the file has a header but no rows"]);
}

#[test]
fn export_round_trips() {
    let file = parse_network(DEMO_NETWORK_CSV.as_bytes(), &framework_roles()).unwrap();
    let out = write_network_csv(&file.nations, &file.memberships).unwrap();
    let again = parse_network(out.as_bytes(), &framework_roles()).unwrap();
    assert_eq!(again.memberships, file.memberships);
    assert_eq!(again.nations, file.nations);
}

#[test]
fn files_are_told_apart_by_header() {
    assert_eq!(sniff(DEMO_NETWORK_CSV.as_bytes()), Some(FileKind::Network));
    assert_eq!(sniff(DEMO_SIZES_CSV.as_bytes()), Some(FileKind::Sizes));
    assert_eq!(sniff(DEMO_GROUPINGS_CSV.as_bytes()), Some(FileKind::Groupings));
    assert_eq!(sniff(DEMO_FORMATS_CSV.as_bytes()), Some(FileKind::Formats));
    assert_eq!(sniff(b"a,b,c\n1,2,3\n"), None);
}

#[test]
fn sizes_and_groupings_validate() {
    assert_eq!(parse_sizes(DEMO_SIZES_CSV.as_bytes()).unwrap().len(), 70);
    let bad = "code,name,population_millions,gdp_usd_billions,year,source\nFIN,Finland,-5,300,2023,x\nFIN,Finland,5.5,300,2023,x\nSWE,Sweden,10,abc,20x3,x\n";
    let errs: Vec<String> = parse_sizes(bad.as_bytes()).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(
        errs,
        [
            "line 2, column population_millions: '-5' is not a non-negative number",
            "line 4, column gdp_usd_billions: 'abc' is not a non-negative number",
            "line 4, column year: '20x3' is not a year",
        ]
    );
    let g = parse_groupings(DEMO_GROUPINGS_CSV.as_bytes()).unwrap();
    let n = net();
    for row in &g {
        for m in &row.grouping.members {
            assert!(n.nation(m).is_some(), "{} lists {m}, which is not in the network", row.grouping.code);
        }
    }
}

#[test]
fn demo_formats_are_valid_and_name_real_nations() {
    let n = net();
    let formats = parse_formats(DEMO_FORMATS_CSV.as_bytes()).unwrap();
    assert!(formats.len() >= 10);
    for f in &formats {
        for p in &f.format.spec.partners {
            assert!(n.nation(p).is_some(), "{} names {p}", f.format.slug);
        }
    }
    let bad = "slug,name,include_allies,frameworks,partners\nBad Slug,X,maybe,pfp,\nempty,Nobody,false,,\n";
    let errs: Vec<String> = parse_formats(bad.as_bytes()).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(
        errs,
        [
            "line 2, column slug: 'Bad Slug' is not a slug: use lowercase letters, digits and dashes",
            "line 2, column include_allies: 'maybe' is not true or false",
            "line 2, column frameworks: 'pfp' is not a framework code: expected 2 to 16 capital letters, digits or '_'",
            "line 3: a format needs participants: include the allies, a framework or at least one partner",
        ]
    );
}

/// Every error names the physical line of the file, whatever the line ends (LF, CRLF), with or
/// without a final line end, below a value that spans lines, after a blank line, after a byte
/// order mark, and when an earlier value of the faulty row itself spans lines.
#[test]
fn every_error_names_the_physical_line() {
    const HEADER: [&str; 8] = ["code", "name", "kind", "framework", "joined", "left", "region", "note"];
    fn row(code: &str, name: &str, fw: &str, joined: &str, left: &str) -> Vec<String> {
        [code, name, "partner_state", fw, joined, left, "Europe", ""].iter().map(ToString::to_string).collect()
    }
    struct Defect {
        name: &'static str,
        /// Rows the defect refers to, before it.
        before: Vec<Vec<String>>,
        row: Vec<String>,
        column: Option<&'static str>,
        fragment: &'static str,
    }
    let defects = [
        Defect {
            name: "unknown framework",
            before: vec![],
            row: row("FIN", "Finland", "NATOX", "2023-04-04", ""),
            column: Some("framework"),
            fragment: "unknown framework 'NATOX'",
        },
        Defect {
            name: "bad date",
            before: vec![],
            row: row("SWE", "Sweden", "PFP", "1994-13-09", ""),
            column: Some("joined"),
            fragment: "is not a date",
        },
        Defect {
            name: "unknown kind",
            before: vec![],
            row: {
                let mut r = row("GEO", "Georgia", "PFP", "1994-03-23", "");
                r[2] = "ally".into();
                r
            },
            column: Some("kind"),
            fragment: "unknown kind 'ally'",
        },
        Defect {
            name: "left before joined",
            before: vec![],
            row: row("RUS", "Russia", "PFP", "1994-06-22", "1990-01-01"),
            column: Some("left"),
            fragment: "is not after joined",
        },
        Defect {
            name: "too few fields",
            before: vec![],
            row: row("ARM", "Armenia", "PFP", "1994-10-05", "")[..7].to_vec(),
            column: None,
            fragment: "7 fields, but the header has 8 columns",
        },
        Defect {
            name: "duplicate",
            before: vec![row("UKR", "Ukraine", "PFP", "1994-02-08", "")],
            row: row("UKR", "Ukraine", "PFP", "1994-02-08", ""),
            column: None,
            fragment: "duplicate: UKR in PFP",
        },
        Defect {
            name: "overlap",
            before: vec![row("MLT", "Malta", "PFP", "1995-04-26", "2009-01-01")],
            row: row("MLT", "Malta", "PFP", "2008-04-03", ""),
            column: Some("joined"),
            fragment: "overlaps the one on line",
        },
        Defect {
            name: "name differs",
            before: vec![row("IRL", "Ireland", "PFP", "1999-12-01", "")],
            row: row("IRL", "Eire", "PAG", "2014", ""),
            column: Some("name"),
            fragment: "differs from 'Ireland' given for IRL",
        },
    ];
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Extra {
        None,
        /// A good row whose note spans two lines, before the defect.
        MultiLineAbove,
        /// The faulty row's own name spans two lines (before every other column).
        MultiLineName,
        /// A blank line before the defect.
        BlankLine,
        /// A byte order mark before the header.
        Bom,
    }
    let mut checked = 0;
    for d in &defects {
        for eol in ["\n", "\r\n"] {
            for trailing in [true, false] {
                for extra in [Extra::None, Extra::MultiLineAbove, Extra::MultiLineName, Extra::BlankLine, Extra::Bom] {
                    let mut records: Vec<Vec<String>> = vec![HEADER.iter().map(ToString::to_string).collect()];
                    records.push(row("AUT", "Austria", "PFP", "1995-02-10", ""));
                    if extra == Extra::MultiLineAbove {
                        let mut r = row("CHE", "Switzerland", "PFP", "1996-12-11", "");
                        r[7] = "neutral;\nsigned in Brussels".into();
                        records.push(r);
                    }
                    records.extend(d.before.iter().cloned());
                    let mut faulty = d.row.clone();
                    if extra == Extra::MultiLineName {
                        faulty[1] = format!("{}\n(long form)", faulty[1]);
                    }
                    let target = records.len();
                    records.push(faulty);
                    let column = d.column.and_then(|c| HEADER.iter().position(|h| *h == c));
                    // Render, counting the line each value starts on as it is written.
                    let mut text = String::new();
                    if extra == Extra::Bom {
                        text.push('\u{feff}');
                    }
                    let (mut record_line, mut field_line) = (0, 0);
                    for (i, rec) in records.iter().enumerate() {
                        if i == target && extra == Extra::BlankLine {
                            text.push_str(eol);
                        }
                        let line_now = |t: &str| 1 + t.matches('\n').count() as u64;
                        if i == target {
                            record_line = line_now(&text);
                        }
                        for (j, value) in rec.iter().enumerate() {
                            if j > 0 {
                                text.push(',');
                            }
                            if i == target && Some(j) == column {
                                field_line = line_now(&text);
                            }
                            if value.contains(['\n', ',', '"']) {
                                text.push('"');
                                text.push_str(&value.replace('"', "\"\"").replace('\n', eol));
                                text.push('"');
                            } else {
                                text.push_str(value);
                            }
                        }
                        if i + 1 < records.len() || trailing {
                            text.push_str(eol);
                        }
                    }
                    let expected = if column.is_some() { field_line } else { record_line };
                    let errors = parse_network(text.as_bytes(), &framework_roles()).unwrap_err();
                    let found = errors.iter().find(|e| e.message.contains(d.fragment)).unwrap_or_else(|| {
                        panic!(
                            "{} ({eol:?}, trailing {trailing}, {extra:?}): no error says {:?}: {errors:#?}",
                            d.name, d.fragment
                        )
                    });
                    assert_eq!(
                        (found.line, found.column.as_deref()),
                        (expected, d.column),
                        "{} ({eol:?}, final line end {trailing}, {extra:?}): {found}\n{text}",
                        d.name
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, defects.len() * 2 * 2 * 5);
}

/// The shipped network file uses CRLF: a defect on its line 2 is reported on line 2.
#[test]
fn crlf_files_name_the_right_line() {
    let mut lines: Vec<&str> = DEMO_NETWORK_CSV.split("\r\n").collect();
    assert!(lines.len() > 10, "data/nato_network.csv uses CRLF line ends");
    let broken = lines[1].replacen(",ALLIANCE,", ",NATOX,", 1);
    lines[1] = &broken;
    let errors = errors_of(&lines.join("\r\n"));
    assert!(errors.iter().any(|e| e.starts_with("line 2, column framework: unknown framework 'NATOX'")), "{errors:#?}");
    // Another file kind, same reader.
    let sizes = "code,name,population_millions,gdp_usd_billions,year,source\r\nFIN,Finland,5.6,300,2023,x\r\nSWE,Sweden,abc,600,2023,x\r\n";
    let errs: Vec<String> = parse_sizes(sizes.as_bytes()).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(errs, ["line 3, column population_millions: 'abc' is not a non-negative number"]);
}

#[test]
fn empty_files_say_they_are_empty() {
    let e = detect(b"").unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.starts_with("the file is empty (0 bytes); expected the header of a network file"), "{e}");
    let e = detect(b"\r\n  \n\n").unwrap_err();
    assert!(e.message.starts_with("the file is empty: it holds only blank lines"), "{e}");
    let e = detect(b"\n\na,b\n1,2\n").unwrap_err();
    assert_eq!((e.line, e.message.starts_with("not a file Entente imports")), (3, true), "{e}");
    assert_eq!(detect(b"\xef\xbb\xbf\r\ncode,name,kind,framework,joined\r\n"), Ok(FileKind::Network));
    assert_eq!(
        errors_of(""),
        ["line 1: the file is empty; expected the header code,name,kind,framework,joined,left,region,note"]
    );
}

#[test]
fn invalid_utf8_names_the_line_and_column() {
    // Latin-1 "é" in a name, on line 3; then one inside the second line of a quoted note.
    for eol in ["\n", "\r\n"] {
        let mut file = format!("code,name,kind,framework,joined,left,region,note{eol}AUT,Austria,partner_state,PFP,1995-02-10,,Europe,{eol}")
            .into_bytes();
        file.extend_from_slice(b"CHE,Suisse ou Conf\xe9d\xe9ration,partner_state,PFP,1996-12-11,,Europe,");
        file.extend_from_slice(eol.as_bytes());
        file.extend_from_slice(b"IRL,Ireland,partner_state,PFP,1999-12-01,,Europe,\"first line");
        file.extend_from_slice(eol.as_bytes());
        file.extend_from_slice(b"second line with \xff\"");
        file.extend_from_slice(eol.as_bytes());
        let errors: Vec<String> =
            parse_network(file.as_slice(), &framework_roles()).unwrap_err().iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "line 3, column name: not valid UTF-8: byte 0xE9 after 14 characters of the value; save the file as UTF-8"
                    .to_string(),
                format!(
                    "line 5, column note: not valid UTF-8: byte 0xFF after {} characters of the value; save the file as UTF-8",
                    27 + eol.len()
                ),
            ],
            "{eol:?}"
        );
    }
    let e = parse_sizes(&b"code,n\xe4me\n"[..]).unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "line 1, column 2 of the header: not valid UTF-8: byte 0xE4 after 1 character of the value; save the file as UTF-8"
    );
}

mod periods {
    use proptest::prelude::*;

    use super::super::import::parse_network;
    use super::super::{Membership, framework_roles};

    /// One row: nation (of three), framework (of two), start year and precision, length (none: open).
    type Spec = (usize, usize, i32, u8, Option<i32>);

    fn rows() -> impl Strategy<Value = Vec<Spec>> {
        prop::collection::vec((0..3usize, 0..2usize, 1990..2000i32, 0..3u8, prop::option::of(1..6i32)), 1..40)
    }

    fn joined(year: i32, precision: u8) -> String {
        match precision {
            0 => format!("{year}"),
            1 => format!("{year}-01"),
            _ => format!("{year}-01-01"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The checks by key accept a file exactly when no two periods of a nation in a framework
        /// start on the same date as written or overlap (the pairwise definition), and every row
        /// they name is one of such a pair.
        #[test]
        fn duplicates_and_overlaps_match_the_pairwise_rule(specs in rows()) {
            let nations = [("AUT", "Austria"), ("CHE", "Switzerland"), ("IRL", "Ireland")];
            let frameworks = ["PFP", "MD"];
            let mut csv = String::from("code,name,kind,framework,joined,left,region,note\n");
            for &(n, f, year, precision, length) in &specs {
                let left = length.map(|l| format!("{}", year + l)).unwrap_or_default();
                csv.push_str(&format!(
                    "{},{},partner_state,{},{},{left},Europe,\n",
                    nations[n].0, nations[n].1, frameworks[f], joined(year, precision)
                ));
            }
            let member = |&(n, f, year, precision, length): &Spec| Membership {
                nation: nations[n].0.parse().unwrap(),
                framework: frameworks[f].parse().unwrap(),
                kind: super::super::NationKind::PartnerState,
                joined: joined(year, precision).parse().unwrap(),
                left: length.map(|l| format!("{}", year + l).parse().unwrap()),
                end_reason: None,
                note: String::new(),
            };
            let mut involved = std::collections::BTreeSet::new();
            for (i, a) in specs.iter().enumerate() {
                for (j, b) in specs.iter().enumerate().skip(i + 1) {
                    let (ma, mb) = (member(a), member(b));
                    if ma.nation == mb.nation && ma.framework == mb.framework && (ma.joined == mb.joined || ma.overlaps(&mb)) {
                        involved.insert(i as u64 + 2);
                        involved.insert(j as u64 + 2);
                    }
                }
            }
            match parse_network(csv.as_bytes(), &framework_roles()) {
                Ok(_) => prop_assert!(involved.is_empty(), "accepted, but rows {involved:?} conflict"),
                Err(errors) => {
                    prop_assert!(!involved.is_empty(), "refused without a conflict: {errors:?}");
                    for e in &errors {
                        prop_assert!(involved.contains(&e.line), "line {} is named but conflicts with nothing: {e}", e.line);
                        // The other row named is in a conflict too.
                        if let Some(other) = e.message.rsplit("line ").next().and_then(|l| l.parse::<u64>().ok()) {
                            prop_assert!(involved.contains(&other), "{e}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn values_are_trimmed_as_text() {
    // A no-break space after a name is trimmed like any space: both rows name Ireland.
    let csv = format!(
        "{HEADER}IRL,Ireland\u{a0},partner_state,PFP,1999-12-01,,Europe,\nIRL, Ireland ,partner_state,PAG,2014,,Europe,\n\u{a0}, ,,,,,,\n"
    );
    let file = parse_network(csv.as_bytes(), &framework_roles()).unwrap();
    assert_eq!(file.nations[0].name, "Ireland");
    assert_eq!(file.memberships.len(), 2, "a row of spaces is a blank row");
}
