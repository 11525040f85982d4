//! The array-valued composites: shadow (one layer or an array of layers) and gradient
//! (an array of stops). Array elements may reference tokens of the array's type; a
//! reference resolves to one element, spliced with a warning when the target has more
//! (I-7).

use super::composite::{as_number, get};
use super::cx::{found, Cx, R};
use super::simple::{join, pick, place};
use crate::model::{Dimension, Expr, GradientStop, ShadowLayer, Sub, TokenType, Value};

impl Cx<'_> {
    fn shadow_layer(&mut self, e: &Expr, at: &str) -> R<ShadowLayer> {
        let fix = "a shadow is {\"color\", \"offsetX\", \"offsetY\", \"blur\", \"spread\"} with optional \"inset\"";
        let obj = self.object(e, "shadow", at, fix)?;
        let Expr::Object(members) = &*obj else {
            return self.invalid(
                format!("invalid shadow{}: expected an object", place(at)),
                fix,
            );
        };
        let keys = ["color", "offsetX", "offsetY", "blur", "spread", "inset"];
        let ([c, x, y, b, spread_e, inset_e], extra) = pick(members, keys);
        if extra && (get(members, "x").is_some() || get(members, "y").is_some()) {
            return self.invalid(
                format!(
                    "invalid shadow{}: `x`/`y` are not shadow properties",
                    place(at)
                ),
                "rename them to `offsetX`/`offsetY`",
            );
        }
        if extra {
            self.only_keys(members, &keys, "shadow", at)?;
        }
        let (Some(c), Some(x), Some(y), Some(b)) = (c, x, y, b) else {
            self.require(members, &keys[..4], "shadow", at)?;
            return Err(super::cx::Fail);
        };
        let color = self.color_sub(c, &join(at, "color"));
        let offset_x = self.dimension_sub(x, &join(at, "offsetX"));
        let offset_y = self.dimension_sub(y, &join(at, "offsetY"));
        let blur = self.dimension_sub(b, &join(at, "blur"));
        let spread = match spread_e {
            Some(s) => self.dimension_sub(s, &join(at, "spread")),
            None => self
                .legacy(
                    "Tokencraft row form",
                    format!("a shadow without `spread`{}", place(at)),
                    "add \"spread\": {\"value\": 0, \"unit\": \"px\"}".to_owned(),
                )
                .map(|()| {
                    Sub::lit(Dimension {
                        value: 0.0,
                        unit: crate::model::DimensionUnit::Px,
                    })
                }),
        };
        let inset = match inset_e {
            None => Ok(false),
            Some(i) => {
                let i = self.deref(i, &join(at, "inset"))?;
                match &*i {
                    Expr::Bool(b) => Ok(*b),
                    other => {
                        let f = found(other);
                        self.invalid(
                            format!(
                                "invalid shadow{}: `inset` must be true or false, found {f}",
                                place(at)
                            ),
                            "write true for an inner shadow; leave it out for a drop shadow",
                        )
                    }
                }
            }
        };
        Ok(ShadowLayer {
            color: color?,
            offset_x: offset_x?,
            offset_y: offset_y?,
            blur: blur?,
            spread: spread?,
            inset: inset?,
        })
    }

    /// A shadow: one object or an array of layers and references to shadow tokens.
    pub fn shadow(&mut self, e: &Expr) -> R<Value> {
        let d = self.deref(e, "")?;
        match &*d {
            Expr::Object(_) => Ok(Value::Shadow {
                layers: vec![Sub::lit(self.shadow_layer(&d, "")?)],
                single: true,
            }),
            Expr::Array(items) if !items.is_empty() => {
                let mut layers = Vec::with_capacity(items.len());
                let mut failed = false;
                for (i, item) in items.iter().enumerate() {
                    let at = format!("[{i}]");
                    match self.array_item(item, TokenType::Shadow, &at) {
                        Ok(Some((mut v, t))) => {
                            let Value::Shadow { layers: refd, .. } = &mut v else {
                                failed = true;
                                continue;
                            };
                            if refd.len() == 1 {
                                let l = refd.remove(0);
                                layers.push(Sub {
                                    value: l.value,
                                    reference: Some(t),
                                });
                            } else {
                                layers.append(refd);
                            }
                        }
                        Ok(None) => match self.shadow_layer(item, &at) {
                            Ok(l) => layers.push(Sub::lit(l)),
                            Err(_) => failed = true,
                        },
                        Err(_) => failed = true,
                    }
                }
                if failed {
                    return Err(super::cx::Fail);
                }
                Ok(Value::Shadow {
                    layers,
                    single: false,
                })
            }
            other => {
                let f = found(other);
                self.invalid(
                    format!("invalid shadow: expected a shadow object or a non-empty array of them, found {f}"),
                    "write {\"color\", \"offsetX\", \"offsetY\", \"blur\", \"spread\"} or an array of such objects",
                )
            }
        }
    }

    /// An array element that references a shadow/gradient token: the token's value, with a
    /// tolerant splice (I-7) when it has more than one element.
    fn array_item(
        &mut self,
        item: &Expr,
        ty: TokenType,
        at: &str,
    ) -> R<Option<(Value, crate::model::TokenId)>> {
        let Some((v, t)) = self.token_ref(item, &ty, at)? else {
            return Ok(None);
        };
        let count = match &v {
            Value::Shadow { layers, .. } => layers.len(),
            Value::Gradient(stops) => stops.len(),
            _ => 1,
        };
        if count != 1 {
            self.legacy(
                "I-7",
                format!("splicing the {count} elements of the {ty} `{}` into `{at}`", self.set.path(t)),
                format!("reference {ty} tokens with exactly one element inside arrays, or alias the whole value"),
            )?;
        }
        Ok(Some((v, t)))
    }

    /// A gradient: an array of stops and references to gradient tokens.
    pub fn gradient(&mut self, e: &Expr) -> R<Vec<Sub<GradientStop>>> {
        let d = self.deref(e, "")?;
        let Expr::Array(items) = &*d else {
            let f = found(&d);
            return self.invalid(
                format!("invalid gradient: expected a non-empty array of stops, found {f}"),
                "write [{\"color\": …, \"position\": 0}, {\"color\": …, \"position\": 1}]",
            );
        };
        if items.is_empty() {
            return self.invalid(
                "invalid gradient: the array of stops is empty".to_owned(),
                "add at least one stop",
            );
        }
        let mut stops = Vec::with_capacity(items.len());
        let mut failed = false;
        for (i, item) in items.iter().enumerate() {
            let at = format!("[{i}]");
            match self.array_item(item, TokenType::Gradient, &at) {
                Ok(Some((Value::Gradient(mut refd), t))) => {
                    if refd.len() == 1 {
                        let s = refd.remove(0);
                        stops.push(Sub {
                            value: s.value,
                            reference: Some(t),
                        });
                    } else {
                        stops.append(&mut refd);
                    }
                }
                Ok(Some(_)) | Err(_) => failed = true,
                Ok(None) => match self.gradient_stop(item, &at) {
                    Ok(s) => stops.push(Sub::lit(s)),
                    Err(_) => failed = true,
                },
            }
        }
        if failed {
            return Err(super::cx::Fail);
        }
        Ok(stops)
    }

    fn gradient_stop(&mut self, e: &Expr, at: &str) -> R<GradientStop> {
        let fix = "a gradient stop is {\"color\": …, \"position\": <number>}";
        let obj = self.object(e, "gradient stop", at, fix)?;
        let Expr::Object(members) = &*obj else {
            return self.invalid(
                format!("invalid gradient stop{}: expected an object", place(at)),
                fix,
            );
        };
        self.only_keys(members, &["color", "position"], "gradient stop", at)?;
        self.require(members, &["color", "position"], "gradient stop", at)?;
        let (Some(c), Some(p)) = (get(members, "color"), get(members, "position")) else {
            return Err(super::cx::Fail);
        };
        let color = self.color_sub(c, &join(at, "color"));
        let position = self.sub(
            p,
            TokenType::Number,
            &join(at, "position"),
            as_number,
            |cx, e, at| cx.number(e, at, ""),
        );
        Ok(GradientStop {
            color: color?,
            position: position?,
        })
    }
}
