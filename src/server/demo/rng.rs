//! The demo data's random numbers: deterministic, so the same seed always
//! yields the same organizations, people and ids.

/// splitmix64: tiny, deterministic, good enough for demo data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A 32-hex-character id, like `db::new_id`, but reproducible.
    pub fn id(&mut self) -> String {
        format!("{:016x}{:016x}", self.next_u64(), self.next_u64())
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(0x00DE_A1F1_0000_2026);
        let mut b = Rng::new(0x00DE_A1F1_0000_2026);
        for _ in 0..100 {
            assert_eq!(a.id(), b.id());
        }
    }
}
