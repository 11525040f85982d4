//! The `color` type: the DTCG Color module's object form, with the tolerant forms of
//! spec §10 (CSS colour strings D-4, short hex fallbacks D-5, hue 360 D-20) and the
//! out-of-range XYZ warning (I-9).

use super::css;
use super::cx::{found, Cx, R};
use super::simple::{pick, place};
use crate::model::{Color, ColorSpace, Expr};

impl Cx<'_> {
    /// A colour object (DTCG Color module); tolerant: CSS colour strings (D-4), 3-digit
    /// hex fallbacks (D-5), hue 360 (D-20). Out-of-range XYZ is only a warning (I-9).
    pub fn color(&mut self, e: &Expr, at: &str) -> R<Color> {
        let e = self.deref(e, at)?;
        let fix = "write {\"colorSpace\": \"srgb\", \"components\": [r, g, b]} with optional \"alpha\" and \"hex\"";
        match &*e {
            Expr::String(s) => match crate::color::parse_css(s) {
                Some(c) => {
                    self.legacy("D-4", format!("the colour string {s:?}{}", place(at)), fix.to_owned())?;
                    Ok(c)
                }
                None => self.invalid(
                    format!("invalid color{}: {s:?} is neither a colour object nor a CSS colour (hex, rgb(), hsl(), hwb(), lab(), lch(), oklab(), oklch(), color(), a named colour)", place(at)),
                    fix,
                ),
            },
            Expr::Object(members) => self.color_object(members, at),
            other => {
                let f = found(other);
                self.invalid(format!("invalid color{}: expected a colour object, found {f}", place(at)), fix)
            }
        }
    }

    fn color_object(&mut self, members: &[(Box<str>, Expr)], at: &str) -> R<Color> {
        let keys = ["colorSpace", "components", "alpha", "hex"];
        let ([space_e, comps_e, alpha_e, hex_e], extra) = pick(members, keys);
        if extra {
            self.only_keys(members, &keys, "color", at)?;
        }
        let spaces = "srgb, srgb-linear, hsl, hwb, lab, lch, oklab, oklch, display-p3, a98-rgb, prophoto-rgb, rec2020, xyz-d65, xyz-d50";
        let Some(space) = space_e else {
            return self.invalid(
                format!("invalid color{}: `colorSpace` is missing", place(at)),
                format!("add \"colorSpace\": one of {spaces}"),
            );
        };
        let space = self.deref(space, at)?;
        let space = match &*space {
            Expr::String(s) => match ColorSpace::parse(s) {
                Some(cs) => cs,
                None => {
                    return self.invalid(
                        format!("invalid color{}: unknown colour space {s:?}", place(at)),
                        format!("use one of {spaces} (exact case)"),
                    )
                }
            },
            other => {
                let f = found(other);
                return self.invalid(
                    format!(
                        "invalid color{}: `colorSpace` must be a string, found {f}",
                        place(at)
                    ),
                    format!("use one of {spaces}"),
                );
            }
        };
        let Some(comps) = comps_e else {
            return self.invalid(
                format!("invalid color{}: `components` is missing", place(at)),
                "add \"components\": an array of 3 numbers (or \"none\")",
            );
        };
        let comps = self.deref(comps, at)?;
        let items = match &*comps {
            Expr::Array(items) if items.len() == 3 => items,
            other => {
                let f = found(other);
                return self.invalid(
                    format!("invalid color{}: `components` must be an array of 3 numbers or \"none\", found {f}", place(at)),
                    format!("{} takes exactly 3 components", space.as_str()),
                );
            }
        };
        let mut components = [None; 3];
        for (i, item) in items.iter().enumerate() {
            let item = self.deref(item, at)?;
            components[i] = match &*item {
                Expr::Number(n) => Some(self.component(space, i, *n, at)?),
                Expr::String(s) if &**s == "none" => None,
                other => {
                    let f = found(other);
                    return self.invalid(
                        format!("invalid color{}: component {i} must be a number or \"none\", found {f}", place(at)),
                        "write a number, or \"none\" for a missing component",
                    );
                }
            };
        }
        let alpha = match alpha_e {
            None => 1.0,
            Some(a) => {
                let a = self.number(a, at, "alpha")?;
                if !(0.0..=1.0).contains(&a) {
                    return self.invalid(
                        format!("invalid color{}: alpha {a} is outside [0, 1]", place(at)),
                        "alpha is a number from 0 (transparent) to 1 (opaque)",
                    );
                }
                a
            }
        };
        let hex = match hex_e {
            None => None,
            Some(h) => Some(self.hex_fallback(h, alpha, at)?),
        };
        Ok(Color {
            space,
            components,
            alpha,
            hex,
        })
    }

    fn component(&mut self, space: ColorSpace, i: usize, n: f64, at: &str) -> R<f64> {
        use ColorSpace as S;
        let hue = matches!((space, i), (S::Hsl | S::Hwb, 0) | (S::Lch | S::Oklch, 2));
        if hue {
            if n == 360.0 {
                self.legacy(
                    "D-20",
                    format!("the hue 360{}", place(at)),
                    "write 0 (hue 360 must not be used)".to_owned(),
                )?;
                return Ok(0.0);
            }
            if !(0.0..360.0).contains(&n) {
                return self.invalid(
                    format!("invalid color{}: hue {n} is outside [0, 360)", place(at)),
                    "write a hue from 0 up to (not including) 360",
                );
            }
            return Ok(n);
        }
        let range: Option<(f64, f64)> = match (space, i) {
            (
                S::Srgb | S::SrgbLinear | S::DisplayP3 | S::A98Rgb | S::ProphotoRgb | S::Rec2020,
                _,
            ) => Some((0.0, 1.0)),
            (S::Hsl | S::Hwb, _) => Some((0.0, 100.0)),
            (S::Lab | S::Lch, 0) => Some((0.0, 100.0)),
            (S::Oklab | S::Oklch, 0) => Some((0.0, 1.0)),
            (S::Lch | S::Oklch, 1) => Some((0.0, f64::INFINITY)),
            (S::XyzD65 | S::XyzD50, _) => {
                if !(0.0..=1.0).contains(&n) {
                    self.warn(
                        "W-VALUE-RANGE",
                        format!("component {i} = {n} of the {} colour{} is outside the schema range [0, 1] (I-9); kept", space.as_str(), place(at)),
                        "XYZ values above 1 are physically meaningful (the D65 white has Z ≈ 1.089); check the value if unintended".to_owned(),
                    );
                }
                None
            }
            _ => None,
        };
        if let Some((lo, hi)) = range {
            if !(lo..=hi).contains(&n) {
                let hi_text = if hi.is_infinite() {
                    "∞)".to_owned()
                } else {
                    format!("{hi}]")
                };
                return self.invalid(
                    format!(
                        "invalid color{}: component {i} = {n} is outside [{lo}, {hi_text} for {}",
                        place(at),
                        space.as_str()
                    ),
                    "bring the component into range or use a wider colour space",
                );
            }
        }
        Ok(n)
    }

    /// The `hex` fallback: `#rrggbb` (lower-cased); `#rgb` expanded (D-5); 4/8 digits only
    /// when their alpha agrees with `alpha`.
    fn hex_fallback(&mut self, h: &Expr, alpha: f64, at: &str) -> R<String> {
        let h = self.deref(h, at)?;
        let fix = "write the fallback as 6 hex digits, e.g. \"#336699\" (alpha goes in \"alpha\")";
        let Expr::String(s) = &*h else {
            let f = found(&h);
            return self.invalid(
                format!(
                    "invalid color{}: `hex` must be a string, found {f}",
                    place(at)
                ),
                fix,
            );
        };
        let Some([r, g, b, a]) = css::hex_bytes(s) else {
            return self.invalid(
                format!(
                    "invalid color{}: `hex` {s:?} is not a hex colour",
                    place(at)
                ),
                fix,
            );
        };
        let six = hex6([r, g, b]);
        match s.len() {
            7 => Ok(six),
            4 => {
                self.legacy(
                    "D-5",
                    format!("the 3-digit hex fallback {s:?}{}", place(at)),
                    fix.to_owned(),
                )?;
                Ok(six)
            }
            _ => {
                if (f64::from(a) / 255.0 - alpha).abs() <= 0.5 / 255.0 + 1e-9 {
                    self.legacy(
                        "D-5",
                        format!("the hex fallback {s:?} with alpha digits{}", place(at)),
                        fix.to_owned(),
                    )?;
                    Ok(six)
                } else {
                    self.invalid(
                        format!("invalid color{}: the alpha digits of `hex` {s:?} disagree with alpha {alpha}", place(at)),
                        fix,
                    )
                }
            }
        }
    }
}

/// `#rrggbb` in lower case (what `format!("#{r:02x}{g:02x}{b:02x}")` gives, without the
/// formatting machinery: this runs once per colour token and mode).
fn hex6(rgb: [u8; 3]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(7);
    out.push('#');
    for byte in rgb {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::hex6;

    #[test]
    fn hex6_equals_the_format_macro() {
        for v in 0..=255u8 {
            let rgb = [v, v.wrapping_mul(7), 255 - v];
            let [r, g, b] = rgb;
            assert_eq!(hex6(rgb), format!("#{r:02x}{g:02x}{b:02x}"));
        }
    }
}
