//! Property tests: a row written in a source's format parses back to the values it was made from.

use entente_warning::date::Day;
use entente_warning::error::ErrorPolicy;
use entente_warning::event::Event;
use entente_warning::generate::{self, AcledSpec, GdeltSpec, UcdpSpec};
use entente_warning::parse::{self, Format};
use proptest::prelude::*;

use crate::{catalogue, tables};

fn parse_one(format: Format, bytes: &[u8]) -> Event {
    let t = tables();
    let mut out = Vec::new();
    let r = parse::parse_stream(format, bytes, "prop", &t, ErrorPolicy::FailFast, &mut |e| {
        out.push(e);
        Ok(())
    })
    .unwrap();
    assert_eq!(r.rows_ok, 1);
    out.pop().unwrap()
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ,;\"'()/-]{0,30}"
}

fn day() -> impl Strategy<Value = Day> {
    (0i32..20_000).prop_map(|d| Day(d + 3653))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn gdelt2_rows_round_trip(
        id in 1u64..10_000_000_000,
        day in day(),
        code_ix in 0usize..311,
        country_ix in 0usize..200,
        geocoded in any::<bool>(),
        mentions in 1u32..500,
        tone in -50.0f64..50.0,
        lat in -89.0f64..89.0,
        lon in -179.0f64..179.0,
    ) {
        let cat = catalogue();
        let c = &cat.countries[country_ix % cat.countries.len()];
        let (code, g) = cat.cameo[code_ix % cat.cameo.len()].clone();
        let spec = GdeltSpec {
            id,
            day,
            actor1: Some(("FRAGOV".into(), "FRANCE".into(), "FRA".into())),
            actor2: None,
            event_code: code.clone(),
            goldstein: g,
            mentions,
            tone: (tone * 1e4).round() / 1e4,
            geo: geocoded.then(|| (c.fips.clone(), format!("{}01", c.fips), "1234".into(), "Somewhere".into(), lat, lon)),
            url: "https://example.org/a".into(),
        };
        let mut line = Vec::new();
        generate::write_gdelt2(&mut line, &spec);
        let e = parse_one(Format::Gdelt2, &line);
        prop_assert_eq!(e.source_id, id.to_string());
        prop_assert_eq!(e.date, day);
        prop_assert_eq!(&e.event_type, &code);
        prop_assert_eq!(e.category, tables().maps.cameo.classify(code.as_bytes()));
        prop_assert_eq!(e.country, geocoded.then_some(c.iso3));
        prop_assert_eq!(e.severity.mentions, Some(mentions));
        prop_assert_eq!(e.severity.goldstein, Some(g));
        prop_assert_eq!(e.actors[0].country, Some("FRA".parse().unwrap()));
        if geocoded {
            prop_assert!((e.latitude.unwrap() - lat).abs() < 1e-4);
            prop_assert!((e.longitude.unwrap() - lon).abs() < 1e-4);
        }
        prop_assert_eq!(e.provenance, "https://example.org/a");
    }

    #[test]
    fn acled_rows_round_trip(
        day in day(),
        type_ix in 0usize..25,
        country_ix in 0usize..200,
        inter1 in 1u8..=8,
        inter2 in 0u8..=8,
        fatalities in 0u32..100_000,
        actor in text(),
        notes in text(),
        lat in -89.0f64..89.0,
        tp in 1u8..=3,
    ) {
        let cat = catalogue();
        let c = &cat.countries[country_ix % cat.countries.len()];
        let (et, st) = generate::ACLED_TYPES[type_ix];
        let spec = AcledSpec {
            id: format!("{}{}", c.iso3, day.0),
            day,
            time_precision: tp,
            event_type: et.into(),
            sub_event_type: st.into(),
            actor1: format!("X{actor}"),
            inter1,
            actor2: String::new(),
            inter2,
            numeric: c.numeric,
            country: c.name.clone(),
            admin1: "A1".into(),
            admin2: "A2".into(),
            location: "L".into(),
            latitude: (lat * 1e4).round() / 1e4,
            longitude: 10.5,
            geo_precision: 2,
            source: "S".into(),
            notes: notes.clone(),
            fatalities,
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(entente_warning::parse::acled::COLUMNS).unwrap();
        generate::write_acled(&mut w, &spec).unwrap();
        let bytes = w.into_inner().unwrap();
        let e = parse_one(Format::Acled, &bytes);
        prop_assert_eq!(&e.source_id, &spec.id);
        prop_assert_eq!(e.date, day);
        prop_assert_eq!(e.country, Some(c.iso3));
        prop_assert_eq!(e.severity.fatalities, Some(fatalities));
        prop_assert_eq!(e.category, tables().maps.acled.classify(et, st, inter1, inter2));
        prop_assert_eq!(e.latitude, Some(spec.latitude));
        prop_assert_eq!(&e.actors[0].name, spec.actor1.trim());
        prop_assert_eq!(e.event_type, format!("{et}/{st}"));
        if !notes.trim().is_empty() {
            prop_assert!(e.provenance.ends_with(notes.trim()));
        }
    }

    #[test]
    fn ucdp_rows_round_trip(day in day(), tov in 1u8..=3, country_ix in 0usize..200, best in 0u32..10_000, wp in 1u8..=7, dp in 1u8..=5) {
        let cat = catalogue();
        let c = &cat.countries[country_ix % cat.countries.len()];
        let spec = UcdpSpec {
            id: 77,
            type_of_violence: tov,
            side_a: format!("Government of {}", c.name),
            side_b: "Movement, \"quoted\"".into(),
            where_prec: wp,
            adm_1: "P".into(),
            adm_2: "D".into(),
            latitude: 1.25,
            longitude: -2.5,
            country: c.name.clone(),
            date_prec: dp,
            date_start: day,
            date_end: Day(day.0 + 1),
            best,
            low: best / 2,
            high: best * 2,
            source_article: "\"A\",B".into(),
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(entente_warning::parse::ucdp::COLUMNS).unwrap();
        generate::write_ucdp(&mut w, &spec).unwrap();
        let bytes = w.into_inner().unwrap();
        let e = parse_one(Format::Ucdp, &bytes);
        prop_assert_eq!(e.source_id, "77");
        prop_assert_eq!(e.date, day);
        prop_assert_eq!(e.country, Some(c.iso3));
        prop_assert_eq!(e.severity.fatalities, Some(best));
        prop_assert_eq!(e.severity.fatalities_high, Some(best * 2));
        prop_assert_eq!(e.category, tables().maps.ucdp.classify(&tov.to_string()));
        prop_assert_eq!(&e.actors[1].name, "Movement, \"quoted\"");
        prop_assert_eq!(e.provenance, "\"A\",B");
    }

    #[test]
    fn reports_round_trip_through_json(day in day(), cat_ix in 0usize..10, fatalities in proptest::option::of(0u32..1000), actor in "[A-Za-z ]{1,20}") {
        let category = entente_warning::Category::ALL[cat_ix];
        let v = serde_json::json!({
            "id": "R-1", "reporter": "NOR", "date": day.to_string(), "country": "UKR",
            "category": category.as_str(), "actors": [actor.clone()], "fatalities": fatalities,
        });
        let e = parse_one(Format::Report, format!("{v}\n").as_bytes());
        prop_assert_eq!(e.category, Some(category));
        prop_assert_eq!(e.date, day);
        prop_assert_eq!(e.severity.fatalities, fatalities);
        let want: Vec<String> = if actor.trim().is_empty() { vec![] } else { vec![actor.trim().to_string()] };
        prop_assert_eq!(e.actors.iter().map(|a| a.name.clone()).collect::<Vec<_>>(), want);
        // The stored form of an event reads back identically.
        let back: Event = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        prop_assert_eq!(back, e);
    }

    #[test]
    fn parsers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let t = tables();
        for f in Format::ALL {
            let _ = parse::parse_stream(f, &bytes[..], "junk", &t, ErrorPolicy::SkipAndReport, &mut |_| Ok(()));
        }
    }
}
