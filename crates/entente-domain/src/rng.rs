//! The seeded pseudo-random generator of Entente's published lotteries, generators and back-tests.
//! Deterministic for a seed on every platform and stable across versions: a published seed always
//! reproduces the same lottery, the same generated file and the same back-test.
//!
//! # The stream
//!
//! * Generator: **xoshiro256\*\* 1.0** (Blackman & Vigna, *Scrambled linear pseudorandom number
//!   generators*, ACM TOMS 2021; reference code at <https://prng.di.unimi.it/xoshiro256starstar.c>).
//! * Seeding: the four state words are the first four outputs of **SplitMix64** (Steele, Lea &
//!   Flood 2014; <https://prng.di.unimi.it/splitmix64.c>) started at the 64-bit seed — the
//!   seeding the xoshiro authors recommend.
//! * [`Rng::below`]`(n)`: Lemire's multiply-shift, `⌊x·n / 2⁶⁴⌋` for the next output `x`, drawing
//!   again only while the low half of `x·n` falls below `2⁶⁴ mod n` (so every value is exactly
//!   equally likely); `below(0)` and `below(1)` are 0 and still take one output.
//! * [`Rng::unit`]: the top 53 bits of the next output divided by 2⁵³, uniform in `[0, 1)`.
//! * [`Rng::shuffle`]: Fisher–Yates from the last position down: position `i` swaps with
//!   `below(i + 1)`.
//! * [`lottery`]`(n, seed)`: `0..n` shuffled by a generator seeded with `seed`.
//!
//! The first outputs for seed 0 are pinned by a test, so any change to the stream fails it.

/// xoshiro256** seeded by SplitMix64 (see the module documentation).
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

/// One SplitMix64 step: advance `x` and return the next output.
#[inline]
fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        Rng { s: [splitmix64(&mut x), splitmix64(&mut x), splitmix64(&mut x), splitmix64(&mut x)] }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `[0, 1)`.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (0 when `n` is 0), without bias.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        let n = n.max(1);
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            v.swap(i, j);
        }
    }

    /// Standard normal, by Box–Muller (two uniforms per draw).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.unit().max(f64::MIN_POSITIVE);
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Poisson(λ): Knuth's product method below 30, a rounded normal approximation above.
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda < 30.0 {
            let l = (-lambda).exp();
            let mut k = 0u64;
            let mut p = 1.0;
            loop {
                p *= self.unit();
                if p <= l {
                    return k;
                }
                k += 1;
            }
        }
        (lambda + lambda.sqrt() * self.normal()).round().max(0.0) as u64
    }

    /// Gamma(shape, scale = 1) by Marsaglia and Tsang.
    pub fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let u = self.unit().max(f64::MIN_POSITIVE);
            return self.gamma(shape + 1.0) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.unit().max(f64::MIN_POSITIVE);
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    /// Negative binomial with mean μ and dispersion α (variance μ + αμ²), as a Gamma–Poisson mixture.
    pub fn neg_binomial(&mut self, mu: f64, alpha: f64) -> u64 {
        if alpha <= 0.0 {
            return self.poisson(mu);
        }
        let shape = 1.0 / alpha;
        let lambda = self.gamma(shape) * mu / shape;
        self.poisson(lambda)
    }
}

/// A published lottery: `0..n` in the order drawn with `seed`.
pub fn lottery(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    Rng::new(seed).shuffle(&mut order);
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xoshiro256** seeded with SplitMix64 from 0: its first four outputs.
    const PINNED_SEED_0: [u64; 4] =
        [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0, 0x6aa5_94f1_262d_2d2c];
    /// `lottery(10, 42)`.
    const PINNED_LOTTERY_10_42: [usize; 10] = [9, 1, 4, 2, 8, 7, 6, 5, 3, 0];

    #[test]
    fn the_stream_never_changes() {
        // SplitMix64 from 0 (published reference values), then xoshiro256** seeded with them.
        let mut x = 0;
        assert_eq!(splitmix64(&mut x), 0xe220_a839_7b1d_cdaf);
        assert_eq!(splitmix64(&mut x), 0x6e78_9e6a_a1b9_65f4);
        let mut r = Rng::new(0);
        let first: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
        assert_eq!(first, PINNED_SEED_0);
        assert_eq!(lottery(10, 42), PINNED_LOTTERY_10_42);
    }

    #[test]
    fn lotteries_are_permutations_and_seeded() {
        assert_eq!(lottery(70, 7), lottery(70, 7));
        assert_ne!(lottery(70, 7), lottery(70, 8));
        let mut l = lottery(70, 7);
        l.sort_unstable();
        assert_eq!(l, (0..70).collect::<Vec<_>>());
        assert!(lottery(0, 1).is_empty());
    }

    #[test]
    fn below_is_in_range_covers_and_is_unbiased_at_the_edges() {
        let mut r = Rng::new(3);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            seen[r.below(7) as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
        // n close to 2⁶⁴: the rejection path runs and stays in range.
        let big = u64::MAX - 3;
        assert!((0..1000).all(|_| r.below(big) < big));
        assert!((0..1000).map(|_| r.unit()).all(|u| (0.0..1.0).contains(&u)));
    }

    #[test]
    fn moments_are_right() {
        let mut r = Rng::new(1);
        let n = 20_000;
        let m = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let var = |v: &[f64]| {
            let mm = m(v);
            v.iter().map(|x| (x - mm) * (x - mm)).sum::<f64>() / v.len() as f64
        };
        let p: Vec<f64> = (0..n).map(|_| r.poisson(4.0) as f64).collect();
        assert!((m(&p) - 4.0).abs() < 0.1 && (var(&p) - 4.0).abs() < 0.3);
        let nb: Vec<f64> = (0..n).map(|_| r.neg_binomial(5.0, 0.5) as f64).collect();
        assert!((m(&nb) - 5.0).abs() < 0.15, "{}", m(&nb));
        assert!((var(&nb) - 17.5).abs() < 2.0, "{}", var(&nb));
    }
}
