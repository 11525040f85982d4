//! `to_hex` on 100k colours spread across all 14 spaces, with clipping and with CSS
//! gamut mapping (about a third of the inputs are outside sRGB).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use tokencraft::color::{to_hex, GamutMapping};
use tokencraft::model::{Color, ColorSpace};

const N: usize = 100_000;

/// Deterministic pseudo-random colours (64-bit LCG), components in each space's
/// practical range.
fn colours() -> Vec<Color> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut unit = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..N)
        .map(|i| {
            let space = ColorSpace::ALL[i % ColorSpace::ALL.len()];
            let scale = match space {
                ColorSpace::Hsl | ColorSpace::Hwb => [360.0, 100.0, 100.0],
                ColorSpace::Lab => [100.0, 250.0, 250.0],
                ColorSpace::Lch => [100.0, 150.0, 360.0],
                ColorSpace::Oklab => [1.0, 0.8, 0.8],
                ColorSpace::Oklch => [1.0, 0.4, 360.0],
                _ => [1.0; 3],
            };
            let offset = match space {
                ColorSpace::Lab => [0.0, -125.0, -125.0],
                ColorSpace::Oklab => [0.0, -0.4, -0.4],
                _ => [0.0; 3],
            };
            let mut components = [None; 3];
            for (k, slot) in components.iter_mut().enumerate() {
                *slot = Some(unit() * scale[k] + offset[k]);
            }
            Color {
                space,
                components,
                alpha: 1.0,
                hex: None,
            }
        })
        .collect()
}

fn bench_to_hex(c: &mut Criterion) {
    let input = colours();
    let mut group = c.benchmark_group("color/to_hex");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(20);
    for (name, mapping) in [("clip", GamutMapping::Clip), ("css", GamutMapping::Css)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut total = 0usize;
                for colour in &input {
                    total += to_hex(black_box(colour), mapping).len();
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_to_hex);
criterion_main!(benches);
