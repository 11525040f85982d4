//! Numbers: the RFC 8259 grammar, exact values, out-of-range detection.

use super::{PResult, Parser};

/// Exact powers of ten in f64 (10^0 … 10^22).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Powers of ten as integers (10^0 … 10^15), for joining integer and fraction digits.
const POW10_U64: [u64; 16] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
    10_000_000_000_000,
    100_000_000_000_000,
    1_000_000_000_000_000,
];

/// The value of at most 19 ASCII digits (callers pass at most 15).
#[inline]
fn digits_value(digits: &[u8]) -> u64 {
    digits.iter().fold(0u64, |v, d| {
        v.wrapping_mul(10)
            .wrapping_add(u64::from(d.wrapping_sub(b'0')))
    })
}

impl Parser<'_> {
    pub(super) fn parse_number(&mut self) -> PResult<f64> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return self.err(int_start, "invalid number: leading zeros are not allowed");
                }
            }
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => {
                let found = self.found(self.pos);
                return self.err(
                    self.pos,
                    format!("invalid number: expected a digit after '-', found {found}"),
                );
            }
        }
        let int_end = self.pos;
        let (mut frac_start, mut frac_end) = (int_end, int_end);
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                let found = self.found(self.pos);
                return self.err(
                    self.pos,
                    format!("invalid number: expected a digit after '.', found {found}"),
                );
            }
            frac_start = self.pos;
            self.skip_digits();
            frac_end = self.pos;
        }
        let mut exp: Option<i64> = Some(0);
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            let exp_negative = match self.peek() {
                Some(b'-') => {
                    self.pos += 1;
                    true
                }
                Some(b'+') => {
                    self.pos += 1;
                    false
                }
                _ => false,
            };
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                let found = self.found(self.pos);
                return self.err(
                    self.pos,
                    format!("invalid number: expected a digit in the exponent, found {found}"),
                );
            }
            let exp_start = self.pos;
            self.skip_digits();
            exp = (self.pos - exp_start <= 4)
                .then(|| digits_value(self.bytes.get(exp_start..self.pos).unwrap_or_default()))
                .map(|e| if exp_negative { -(e as i64) } else { e as i64 });
        }
        // Clinger's fast path: a mantissa below 2^53 and a power of ten up to 10^22 are both
        // exact in f64, so one multiplication or division rounds correctly.
        let int_digits = self.bytes.get(int_start..int_end).unwrap_or_default();
        let frac_digits = self.bytes.get(frac_start..frac_end).unwrap_or_default();
        if let Some(exp) = exp {
            if int_digits.len() + frac_digits.len() <= 15 {
                let scale = POW10_U64.get(frac_digits.len()).copied().unwrap_or(1);
                let mantissa = digits_value(frac_digits) + digits_value(int_digits) * scale;
                let e = exp - frac_digits.len() as i64;
                let m = mantissa as f64;
                let v = match e {
                    0 => Some(m),
                    1.. => POW10.get(e as usize).map(|p| m * p),
                    _ => POW10.get(e.unsigned_abs() as usize).map(|p| m / p),
                };
                if let Some(v) = v {
                    return Ok(if negative { -v } else { v });
                }
            }
        }
        let parsed = self
            .text
            .get(start..self.pos)
            .and_then(|s| s.parse::<f64>().ok());
        match parsed {
            Some(v) if v.is_finite() => Ok(v),
            _ => self.err(
                start,
                "number out of range: the value does not fit a 64-bit float",
            ),
        }
    }

    #[inline]
    fn skip_digits(&mut self) {
        while let Some(b'0'..=b'9') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }
}
