//! A hand-built token set and its resolution for emitter tests: every type, whole-value
//! aliases and aliases inside composites, descriptions, deprecation, two modes where
//! values and alias targets differ, and hostile names, descriptions and values.
#![allow(dead_code)]

use tokencraft::color::parse_css;
use tokencraft::emit::{EmitContext, EmitOptions, ModeSelection, OutputFile, Registry};
use tokencraft::model::*;

/// The hostile text used in names, descriptions and values.
pub const HOSTILE: &str = "x*/y}z;\"q'<a&b>\\c\nd é ${e} #{f} `g` </style> --h-- @i";

/// A token set under construction together with its resolution.
pub struct Fixture {
    pub set: TokenSet,
    pub resolved: Resolved,
}

/// What one token is in one mode.
pub struct In {
    pub expr: Expr,
    pub value: Value,
    /// Whole-value alias target.
    pub alias: Option<&'static str>,
}

pub fn color(css: &str) -> Color {
    parse_css(css).unwrap_or_else(|| panic!("fixture colour {css}"))
}

pub fn px(v: f64) -> Dimension {
    Dimension {
        value: v,
        unit: DimensionUnit::Px,
    }
}

pub fn rem(v: f64) -> Dimension {
    Dimension {
        value: v,
        unit: DimensionUnit::Rem,
    }
}

pub fn ms(v: f64) -> Duration {
    Duration {
        value: v,
        unit: DurationUnit::Ms,
    }
}

fn reference(path: &str) -> Reference {
    Reference {
        token: path.into(),
        sub: Vec::new(),
        syntax: RefSyntax::Curly,
        raw: format!("{{{path}}}").into(),
        span: Span::NONE,
    }
}

pub fn lit(expr_text: &str, value: Value) -> In {
    In {
        expr: Expr::String(expr_text.into()),
        value,
        alias: None,
    }
}

pub fn lit_expr(expr: Expr, value: Value) -> In {
    In {
        expr,
        value,
        alias: None,
    }
}

impl Fixture {
    pub fn new(modes: &[&str]) -> Self {
        let mut set = TokenSet::default();
        for m in modes {
            set.add_mode(*m);
        }
        let resolved = Resolved {
            modes: modes
                .iter()
                .map(|m| ResolvedMode {
                    name: m.to_string(),
                    tokens: Vec::new(),
                })
                .collect(),
            default_mode: 0,
        };
        Fixture { set, resolved }
    }

    pub fn id(&mut self, path: &str) -> TokenId {
        self.set.intern(path)
    }

    /// A sub-value written as a reference to `path`.
    pub fn sub<T>(&mut self, path: &str, value: T) -> Sub<T> {
        Sub {
            value,
            reference: Some(self.id(path)),
        }
    }

    /// Adds a token. `per_mode[i]` is its definition in mode i (`None`: inherited from the
    /// default mode).
    pub fn add(
        &mut self,
        path: &str,
        ty: TokenType,
        description: Option<&str>,
        deprecated: Deprecated,
        per_mode: Vec<Option<In>>,
    ) {
        let id = self.id(path);
        let default = self.resolved.default_mode;
        let mut base: Option<ResolvedToken> = None;
        for (m, def) in per_mode.into_iter().enumerate() {
            let rt = match def {
                Some(def) => {
                    let alias_id = def.alias.map(|a| self.id(a));
                    let expr = match def.alias {
                        Some(a) => Expr::Ref(Box::new(reference(a))),
                        None => def.expr,
                    };
                    self.set.insert(
                        m,
                        id,
                        Token {
                            declared_type: Some(ty.clone()),
                            type_source: TypeSource::Own,
                            value: expr,
                            description: description.map(str::to_string),
                            deprecated: deprecated.clone(),
                            extensions: None,
                            span: Span::NONE,
                        },
                    );
                    let origin = match alias_id {
                        Some(t) => self.origin_of(m, t),
                        None => id,
                    };
                    ResolvedToken {
                        ty: ty.clone(),
                        value: def.value,
                        alias_of: alias_id,
                        origin,
                        inherited: false,
                    }
                }
                None => {
                    let mut rt = base.clone().expect("default mode defines every token");
                    rt.inherited = true;
                    rt
                }
            };
            if m == default {
                base = Some(rt.clone());
            }
            let slots = &mut self.resolved.modes[m].tokens;
            if slots.len() <= id.index() {
                slots.resize(id.index() + 1, None);
            }
            slots[id.index()] = Some(rt);
        }
    }

    fn origin_of(&self, mode: usize, id: TokenId) -> TokenId {
        self.resolved
            .get(mode, id)
            .map(|rt| rt.origin)
            .unwrap_or(id)
    }

    /// Runs a format with options over a mode selection.
    pub fn emit(
        &self,
        format: &str,
        modes: ModeSelection,
        options: &EmitOptions,
    ) -> Result<Vec<OutputFile>, tokencraft::Diagnostics> {
        let cx = EmitContext {
            set: &self.set,
            resolved: &self.resolved,
            modes,
            options,
        };
        tokencraft::emit::emit(&Registry::builtin(), format, &cx)
    }
}

fn alias(to: &'static str, value: Value) -> In {
    In {
        expr: Expr::Null,
        value,
        alias: Some(to),
    }
}

/// Every file joined with `== path ==` headers, for one snapshot per case.
pub fn joined(files: &[OutputFile]) -> String {
    files
        .iter()
        .map(|f| format!("== {} ==\n{}", f.path, f.contents))
        .collect()
}

/// The shared fixture: Light (default) and Dark modes.
pub fn fixture() -> Fixture {
    let mut f = Fixture::new(&["Light", "Dark"]);
    let c = |s: &str| Value::Color(color(s));
    f.add(
        "colors.primary.500",
        TokenType::Color,
        Some("Primary brand color"),
        Deprecated::No,
        vec![
            Some(lit("#3b82f6", c("#3b82f6"))),
            Some(lit("#60a5fa", c("#60a5fa"))),
        ],
    );
    f.add(
        "colors.background.default",
        TokenType::Color,
        None,
        Deprecated::No,
        vec![
            Some(lit("#ffffff", c("#ffffff"))),
            Some(lit("#111827", c("#111827"))),
        ],
    );
    f.add(
        "colors.accent",
        TokenType::Color,
        Some("Wide-gamut accent (sRGB fallback generated)"),
        Deprecated::No,
        vec![
            Some(lit("oklch(0.7 0.32 330)", c("oklch(0.7 0.32 330)"))),
            None,
        ],
    );
    f.add(
        "colors.button.primary",
        TokenType::Color,
        None,
        Deprecated::No,
        vec![
            Some(alias("colors.primary.500", c("#3b82f6"))),
            Some(alias("colors.accent", c("oklch(0.7 0.32 330)"))),
        ],
    );
    f.add(
        "colors.overlay",
        TokenType::Color,
        None,
        Deprecated::No,
        vec![
            Some(lit("rgba(0, 0, 0, 0.5)", c("rgba(0, 0, 0, 0.5)"))),
            None,
        ],
    );
    f.add(
        "colors.legacy",
        TokenType::Color,
        Some("Old brand colour"),
        Deprecated::Reason("use colors.primary.500".into()),
        vec![Some(lit("#1d4ed8", c("#1d4ed8"))), None],
    );
    f.add(
        "spacing.base",
        TokenType::Dimension,
        None,
        Deprecated::No,
        vec![Some(lit("16px", Value::Dimension(px(16.0)))), None],
    );
    f.add(
        "spacing.section",
        TokenType::Dimension,
        None,
        Deprecated::No,
        vec![Some(lit("2.5rem", Value::Dimension(rem(2.5)))), None],
    );
    f.add(
        "spacing.hairline",
        TokenType::Dimension,
        None,
        Deprecated::Yes,
        vec![
            Some(lit("1px", Value::Dimension(px(1.0)))),
            Some(lit("2px", Value::Dimension(px(2.0)))),
        ],
    );
    f.add(
        "font.family.sans",
        TokenType::FontFamily,
        None,
        Deprecated::No,
        vec![
            Some(lit_expr(
                Expr::Array(vec![
                    Expr::String("Inter".into()),
                    Expr::String("Helvetica Neue".into()),
                    Expr::String("sans-serif".into()),
                ]),
                Value::FontFamily(vec![
                    "Inter".into(),
                    "Helvetica Neue".into(),
                    "sans-serif".into(),
                ]),
            )),
            None,
        ],
    );
    let bold = FontWeight {
        weight: 700.0,
        keyword: Some("bold"),
    };
    f.add(
        "font.weight.bold",
        TokenType::FontWeight,
        None,
        Deprecated::No,
        vec![
            Some(lit_expr(
                Expr::Number(700.0),
                Value::FontWeight(bold.clone()),
            )),
            None,
        ],
    );
    f.add(
        "font.size.body",
        TokenType::FontSize,
        None,
        Deprecated::No,
        vec![Some(lit("1rem", Value::FontSize(rem(1.0)))), None],
    );
    f.add(
        "font.line-height.normal",
        TokenType::LineHeight,
        None,
        Deprecated::No,
        vec![
            Some(lit_expr(
                Expr::Number(1.5),
                Value::LineHeight(LineHeight::Multiplier(1.5)),
            )),
            None,
        ],
    );
    f.add(
        "font.letter-spacing.wide",
        TokenType::LetterSpacing,
        None,
        Deprecated::No,
        vec![Some(lit("0.5px", Value::LetterSpacing(px(0.5)))), None],
    );
    f.add(
        "motion.duration.fast",
        TokenType::Duration,
        None,
        Deprecated::No,
        vec![
            Some(lit("150ms", Value::Duration(ms(150.0)))),
            Some(lit("0ms", Value::Duration(ms(0.0)))),
        ],
    );
    let ease = [0.4, 0.0, 0.2, 1.0];
    f.add(
        "motion.ease.standard",
        TokenType::CubicBezier,
        None,
        Deprecated::No,
        vec![
            Some(lit_expr(
                Expr::Array(ease.iter().map(|x| Expr::Number(*x)).collect()),
                Value::CubicBezier(ease),
            )),
            None,
        ],
    );
    f.add(
        "opacity.disabled",
        TokenType::Number,
        None,
        Deprecated::No,
        vec![Some(lit_expr(Expr::Number(0.4), Value::Number(0.4))), None],
    );
    f.add(
        "line.focus",
        TokenType::StrokeStyle,
        None,
        Deprecated::No,
        vec![
            Some(lit(
                "dashed",
                Value::StrokeStyle(StrokeStyle::Keyword(StrokeKeyword::Dashed)),
            )),
            None,
        ],
    );
    let hair = f.sub("spacing.hairline", px(1.0));
    f.add(
        "line.dotted",
        TokenType::StrokeStyle,
        None,
        Deprecated::No,
        vec![
            Some(lit_expr(
                Expr::Object(vec![("lineCap".into(), Expr::String("round".into()))]),
                Value::StrokeStyle(StrokeStyle::Dashed {
                    dash_array: vec![hair, Sub::lit(px(4.0))],
                    line_cap: LineCap::Round,
                }),
            )),
            None,
        ],
    );
    let border = |f: &mut Fixture, col: &str, width: f64| Border {
        color: f.sub("colors.primary.500", color(col)),
        width: f.sub("spacing.hairline", px(width)),
        style: Sub::lit(StrokeStyle::Keyword(StrokeKeyword::Solid)),
    };
    let light_border = border(&mut f, "#3b82f6", 1.0);
    let dark_border = border(&mut f, "#60a5fa", 2.0);
    let border_expr = Expr::Object(vec![
        (
            "color".into(),
            Expr::Ref(Box::new(reference("colors.primary.500"))),
        ),
        (
            "width".into(),
            Expr::Ref(Box::new(reference("spacing.hairline"))),
        ),
        ("style".into(), Expr::String("solid".into())),
    ]);
    f.add(
        "border.default",
        TokenType::Border,
        Some("Default border"),
        Deprecated::No,
        vec![
            Some(lit_expr(
                border_expr.clone(),
                Value::Border(Box::new(light_border)),
            )),
            Some(lit_expr(border_expr, Value::Border(Box::new(dark_border)))),
        ],
    );
    let transition = Transition {
        duration: f.sub("motion.duration.fast", ms(150.0)),
        delay: Sub::lit(ms(0.0)),
        timing_function: f.sub("motion.ease.standard", ease),
    };
    f.add(
        "motion.fade",
        TokenType::Transition,
        None,
        Deprecated::No,
        vec![
            Some(lit_expr(Expr::Null, Value::Transition(transition))),
            None,
        ],
    );
    let layer = |f: &mut Fixture, y: f64, inset: bool| ShadowLayer {
        color: f.sub("colors.overlay", color("rgba(0, 0, 0, 0.5)")),
        offset_x: Sub::lit(px(0.0)),
        offset_y: Sub::lit(px(y)),
        blur: Sub::lit(px(y * 2.0)),
        spread: Sub::lit(px(-1.0)),
        inset,
    };
    let layers = vec![
        Sub::lit(layer(&mut f, 2.0, false)),
        Sub::lit(layer(&mut f, 1.0, true)),
    ];
    f.add(
        "shadow.card",
        TokenType::Shadow,
        None,
        Deprecated::No,
        vec![
            Some(lit_expr(
                Expr::Null,
                Value::Shadow {
                    layers,
                    single: false,
                },
            )),
            None,
        ],
    );
    let stops = vec![
        Sub::lit(GradientStop {
            color: f.sub("colors.primary.500", color("#3b82f6")),
            position: Sub::lit(0.0),
        }),
        Sub::lit(GradientStop {
            color: Sub::lit(color("#ffffff")),
            position: Sub::lit(1.0),
        }),
    ];
    f.add(
        "gradient.sky",
        TokenType::Gradient,
        None,
        Deprecated::No,
        vec![Some(lit_expr(Expr::Null, Value::Gradient(stops))), None],
    );
    let typo = Typography {
        font_family: Some(f.sub(
            "font.family.sans",
            vec!["Inter".into(), "Helvetica Neue".into(), "sans-serif".into()],
        )),
        font_size: Some(f.sub("font.size.body", rem(1.0))),
        font_weight: Some(f.sub("font.weight.bold", bold)),
        letter_spacing: Some(Sub::lit(px(0.0))),
        line_height: Some(f.sub("font.line-height.normal", LineHeight::Multiplier(1.5))),
    };
    f.add(
        "typography.body",
        TokenType::Typography,
        Some("Body text"),
        Deprecated::No,
        vec![
            Some(lit_expr(Expr::Null, Value::Typography(Box::new(typo)))),
            None,
        ],
    );
    f.add(
        "flags.beta",
        TokenType::Boolean,
        None,
        Deprecated::No,
        vec![
            Some(lit_expr(Expr::Bool(true), Value::Boolean(true))),
            Some(lit_expr(Expr::Bool(false), Value::Boolean(false))),
        ],
    );
    f.add(
        "content.brand-name",
        TokenType::String,
        None,
        Deprecated::No,
        vec![
            Some(lit("Acme \"Co\"", Value::String("Acme \"Co\"".into()))),
            None,
        ],
    );
    f.add(
        &format!("hostile.{}", HOSTILE.replace('.', "_")),
        TokenType::String,
        Some(HOSTILE),
        Deprecated::Reason(HOSTILE.into()),
        vec![Some(lit(HOSTILE, Value::String(HOSTILE.into()))), None],
    );
    f.add(
        "hostile.café-ünïcode",
        TokenType::FontFamily,
        Some("Non-ASCII ✓ 日本語"),
        Deprecated::No,
        vec![
            Some(lit_expr(
                Expr::Array(vec![Expr::String(HOSTILE.into())]),
                Value::FontFamily(vec![HOSTILE.into(), "Noto Sans JP 日本".into()]),
            )),
            None,
        ],
    );
    f
}

/// Every built-in format name.
pub fn all_formats() -> Vec<String> {
    Registry::builtin()
        .list()
        .map(|e| e.name().to_string())
        .collect()
}

/// Characters the hostile generator draws from.
const NASTY: [&str; 24] = [
    "*/", "}", ";", "\"", "'", "<", "&", "\\", "\n", "é", "日本", "${", "#{", "`", "--", "@", "/*",
    "\u{2028}", "\t", "?", "$", ">", "\u{0}", "🙂",
];

/// `n` tokens over two modes with names, descriptions and string values built from hostile
/// pieces (deterministic), across simple and composite types, some aliasing earlier ones.
pub fn hostile_set(n: usize) -> Fixture {
    let mut f = Fixture::new(&["Light", "Dark Mode"]);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut prev_color: Option<String> = None;
    for i in 0..n {
        let mut text = String::new();
        for _ in 0..4 {
            text.push_str(NASTY[(next() % NASTY.len() as u64) as usize]);
            text.push(char::from(b'a' + (next() % 26) as u8));
        }
        // The index keeps names distinct; dots inside the text make deeper groups.
        let path = format!("g{}.t{i}{}", i % 7, text.replace('.', ""));
        let r = (next() % 256) as u8;
        let hex = format!("#{r:02x}{:02x}{:02x}", 255 - r, (i % 256) as u8);
        match i % 6 {
            0 => {
                f.add(
                    &path,
                    TokenType::String,
                    Some(&text),
                    Deprecated::Reason(text.clone()),
                    vec![Some(lit(&text, Value::String(text.clone()))), None],
                );
            }
            1 => {
                let light = lit(&hex, Value::Color(color(&hex)));
                let dark = lit("#000000", Value::Color(color("#000000")));
                f.add(
                    &path,
                    TokenType::Color,
                    Some(&text),
                    Deprecated::No,
                    vec![Some(light), Some(dark)],
                );
                prev_color = Some(path.clone());
            }
            2 => {
                let v = (next() % 100) as f64 / 4.0 - 5.0;
                f.add(
                    &path,
                    TokenType::Dimension,
                    None,
                    Deprecated::No,
                    vec![Some(lit(&format!("{v}px"), Value::Dimension(px(v)))), None],
                );
            }
            3 => {
                let fam = vec![text.clone(), "sans-serif".to_string()];
                f.add(
                    &path,
                    TokenType::FontFamily,
                    Some(&text),
                    Deprecated::No,
                    vec![Some(lit_expr(Expr::Null, Value::FontFamily(fam))), None],
                );
            }
            4 => match prev_color.clone() {
                Some(target) => {
                    let value = f
                        .resolved
                        .get(0, f.set.id(&target).expect("interned"))
                        .map(|t| t.value.clone());
                    let dark_value = f
                        .resolved
                        .get(1, f.set.id(&target).expect("interned"))
                        .map(|t| t.value.clone());
                    let target: &'static str = Box::leak(target.into_boxed_str());
                    f.add(
                        &path,
                        TokenType::Color,
                        None,
                        Deprecated::No,
                        vec![
                            Some(In {
                                expr: Expr::Null,
                                value: value.expect("resolved"),
                                alias: Some(target),
                            }),
                            Some(In {
                                expr: Expr::Null,
                                value: dark_value.expect("resolved"),
                                alias: Some(target),
                            }),
                        ],
                    );
                }
                None => {
                    f.add(
                        &path,
                        TokenType::Number,
                        None,
                        Deprecated::No,
                        vec![
                            Some(lit_expr(Expr::Number(i as f64), Value::Number(i as f64))),
                            None,
                        ],
                    );
                }
            },
            _ => {
                let col = match &prev_color {
                    Some(t) => f.sub(t, color(&hex)),
                    None => Sub::lit(color(&hex)),
                };
                let layer = ShadowLayer {
                    color: col,
                    offset_x: Sub::lit(px(1.0)),
                    offset_y: Sub::lit(px(2.0)),
                    blur: Sub::lit(px(3.0)),
                    spread: Sub::lit(px(0.0)),
                    inset: i % 2 == 0,
                };
                f.add(
                    &path,
                    TokenType::Shadow,
                    Some(&text),
                    Deprecated::No,
                    vec![
                        Some(lit_expr(
                            Expr::Null,
                            Value::Shadow {
                                layers: vec![Sub::lit(layer)],
                                single: true,
                            },
                        )),
                        None,
                    ],
                );
            }
        }
    }
    f
}
