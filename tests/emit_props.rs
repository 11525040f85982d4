//! Property test: any token names, descriptions and string values, in any format, with and
//! without output references: no panic, and the same input gives byte-identical output.

mod emit_common;

use emit_common::{lit, Fixture};
use proptest::prelude::*;
use tokencraft::emit::{EmitOptions, ModeSelection};
use tokencraft::model::{Deprecated, TokenType, Value};

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_format_survives_any_names_and_text(
        tokens in prop::collection::vec((any::<String>(), any::<String>(), any::<bool>()), 1..12),
        mode_name in any::<String>(),
    ) {
        let mut f = Fixture::new(&["Light", Box::leak(mode_name.into_boxed_str())]);
        for (i, (name, text, colour)) in tokens.iter().enumerate() {
            let path = format!("{name}.{i}");
            if *colour {
                let c = emit_common::color("#3b82f6");
                f.add(&path, TokenType::Color, Some(text), Deprecated::Reason(text.clone()),
                    vec![Some(lit("#3b82f6", Value::Color(c))), None]);
            } else {
                f.add(&path, TokenType::String, Some(text), Deprecated::No,
                    vec![Some(lit(text, Value::String(text.clone()))), None]);
            }
        }
        for refs in [false, true] {
            let o = EmitOptions { output_references: refs, ..EmitOptions::default() };
            for name in emit_common::all_formats() {
                for modes in [ModeSelection::One(0), ModeSelection::All] {
                    let a = f.emit(&name, modes, &o);
                    let b = f.emit(&name, modes, &o);
                    prop_assert_eq!(a.is_ok(), b.is_ok());
                    if let (Ok(a), Ok(b)) = (a, b) {
                        prop_assert_eq!(a, b);
                    }
                }
            }
        }
    }
}
