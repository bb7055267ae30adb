//! Seeded generators of versions and ranges for differential tests and
//! benchmarks. They aim at the places the dialects disagree: prereleases,
//! partial versions, `v`/`=` prefixes, leading zeros, `^0`, hyphen ranges, odd
//! spacing, `||` and AND chains, `x` ranges and strings that are not versions.

/// SplitMix64: tiny, fast, and stable across platforms and crate versions, so a
/// seed names the same cases forever.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const NUMBERS: &[&str] = &["0", "1", "2", "3", "4", "10", "17", "18", "19"];
const PRERELEASES: &[&str] =
    &["alpha", "beta", "beta.1", "beta.2", "rc.1", "rc.2", "0", "1", "canary.1", "alpha-1", "x.y", "rc-123", "1e3"];
const BUILDS: &[&str] = &["b1", "b2", "build.5", "001", "sha-abc"];

fn number(rng: &mut Rng) -> String {
    rng.pick(NUMBERS).to_string()
}

/// A full `x.y.z` version, sometimes with prerelease and build metadata.
pub fn full_version(rng: &mut Rng) -> String {
    let mut v = format!("{}.{}.{}", number(rng), number(rng), number(rng));
    if rng.chance(20) {
        v.push('-');
        v.push_str(rng.pick(PRERELEASES));
    }
    if rng.chance(6) {
        v.push('+');
        v.push_str(rng.pick(BUILDS));
    }
    v
}

/// A version string as package.json files, manifests and hand-written configs
/// carry them, odd ones included.
pub fn version(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=69 => full_version(rng),
        70..=74 => number(rng),
        75..=79 => format!("{}.{}", number(rng), number(rng)),
        80..=82 => format!("v{}", full_version(rng)),
        83..=84 => format!("={}", full_version(rng)),
        85..=87 => format!("0{}", full_version(rng)),
        88 => format!("{}.0{}.{}", number(rng), number(rng), number(rng)),
        89 => "0".into(),
        90 => "latest".into(),
        91 => format!("{}.{}.{}.{}", number(rng), number(rng), number(rng), number(rng)),
        92 => format!("{}.x", number(rng)),
        93 => "1e3".into(),
        94 => "Infinity".into(),
        95 => format!(" {}", full_version(rng)),
        96 => String::new(),
        97 => format!("{}-", full_version(rng)),
        98 => "0x1.2.3".into(),
        _ => format!("{}.{}.{}-{}", number(rng), number(rng), number(rng), rng.pick(PRERELEASES)),
    }
}

/// A partial version as ranges write them (`1`, `1.2`, `1.x`, `1.2.*`, full).
fn partial(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => number(rng),
        1 => format!("{}.{}", number(rng), number(rng)),
        2 => format!("{}.x", number(rng)),
        3 => format!("{}.{}.{}", number(rng), number(rng), rng.pick(&["x", "X", "*"])),
        4 => format!("{}.x.x", number(rng)),
        5 => rng.pick(&["*", "x", "X"]).to_string(),
        _ => full_version(rng),
    }
}

fn simple(rng: &mut Rng) -> String {
    let op = rng
        .pick(&["^", "^", "^", "~", "~", ">=", ">", "<", "<=", "=", "", "", "v", "!", "~>", "^ ", "> ", ">= ", "< "]);
    format!("{op}{}", partial(rng))
}

/// A range in npm's grammar, with the extensions and mistakes people write.
pub fn range(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=3 => rng.pick(&["*", "", "x", "X", "latest", "^0", "^0.0", "~1", "^", "~"]).to_string(),
        4..=9 => {
            let sep = rng.pick(&[" - ", "  -  ", " -  "]);
            format!("{}{sep}{}", partial(rng), partial(rng))
        }
        10..=21 => {
            let sep = rng.pick(&[" ", "  ", "\t"]);
            format!("{}{sep}{}", simple(rng), simple(rng))
        }
        22..=33 => {
            let sep = rng.pick(&[" || ", "||", "  ||  ", " ||"]);
            let n = 2 + rng.below(2);
            (0..n).map(|_| simple(rng)).collect::<Vec<_>>().join(sep)
        }
        34..=36 => format!("{} || {} {}", simple(rng), simple(rng), simple(rng)),
        37..=38 => format!("{}+{}", full_version(rng), rng.pick(BUILDS)),
        39 => format!(" {} ", simple(rng)),
        _ => simple(rng),
    }
}

/// A version likely to sit near `range`'s numbers, so that satisfaction is
/// neither trivially true nor trivially false.
pub fn version_near(rng: &mut Rng, range: &str) -> String {
    let digits: Vec<&str> = range.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect();
    if digits.is_empty() || rng.chance(40) {
        return version(rng);
    }
    let part = |rng: &mut Rng| -> String {
        if rng.chance(70) {
            let d: u64 = rng.pick(&digits).parse().unwrap_or(0);
            match rng.below(4) {
                0 => (d + 1).to_string(),
                1 => d.saturating_sub(1).to_string(),
                _ => d.to_string(),
            }
        } else {
            number(rng)
        }
    };
    let mut v = format!("{}.{}.{}", part(rng), part(rng), part(rng));
    if rng.chance(25) {
        v.push('-');
        v.push_str(rng.pick(PRERELEASES));
    }
    v
}
