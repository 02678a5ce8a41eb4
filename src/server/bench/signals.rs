//! `dealflow bench signals`: the parser's single-core throughput on
//! synthetic and dev messages.

use crate::domain::signals::parse_message;
use std::hint::black_box;
use std::time::Instant;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WATCHES: &[&str] = &[
    "Rolex Submariner Date 126610LN",
    "Rolex 126610LV Starbucks",
    "Rolex Daytona 126500LN",
    "116500LN panda",
    "Rolex GMT-Master II 126710BLRO Pepsi",
    "126710BLNR Batman",
    "Sprite 126720VTNR",
    "Rolex Explorer II 226570",
    "Rolex Sub 124060",
    "Datejust 41 126334",
    "Rolex Day-Date 228238",
    "Sky-Dweller 336934",
    "Patek 5711/1A-010",
    "Patek Nautilus 5726/1A",
    "PP Aquanaut 5167A",
    "Patek 5990/1A-011",
    "AP Royal Oak 15500ST",
    "AP 15202ST.OO.1240ST.01 Jumbo",
    "AP 26331ST",
    "Audemars Piguet Royal Oak Offshore 26470ST",
    "Omega Speedmaster 310.30.42.50.01.001",
    "Omega Seamaster 300M 210.30.42.20.01.010",
    "Tudor Black Bay 58 79030N",
    "Tudor Pelagos 25600TB",
    "Cartier Santos WSSA0018",
    "Cartier Tank Must WSTA0041",
    "IWC Portugieser IW371605",
    "Panerai Luminor PAM01312",
    "Panerai PAM 1312",
    "Grand Seiko SBGA211 Snowflake",
    "Vacheron Overseas 4500V/110A-B128",
    "Lange 1 191.032",
    "RM 035-02",
    "RM11-03",
    "JLC Reverso Q3858520",
    "Breitling Navitimer AB0138241B1P1",
    "Hublot Big Bang 411.NX.1170.RX",
    "TAG Heuer Monaco CBL2111.FC6453",
    "Zenith Chronomaster Sport 03.3100.3600/69.M3100",
    "F.P. Journe Chronomètre Bleu",
    "H. Moser Endeavour",
    "MB&F Legacy Machine",
    "Chopard Alpine Eagle 298600-3001",
    "Blancpain Fifty Fathoms 5015-1130-52A",
];
const PRICES: &[&str] = &[
    "$14,500",
    "14.5k",
    "HKD 168,000",
    "31.5k USD",
    "€6.200",
    "£2,450",
    "CHF 165'000",
    "1.25m HKD",
    "S$ 6,900",
    "AED 72,500",
    "5200$",
    "31500usd",
    "US$2,600",
    "HK$ 138k",
    "6.200,50 EUR",
    "12,5k €",
    "USD 52k",
    "¥850,000",
    "10.2k",
    "36.8k",
];
const SALE: &[&str] = &["WTS", "FS:", "For sale", "Available", "Selling", "In stock", "🔥🔥 FS", "Ready stock", ""];
const WANT: &[&str] = &["WTB", "LF", "Looking for", "ISO", "Need", "Client wants", "Who has", "anyone have"];
const EXTRA: &[&str] = &["full set", "B&P 03/2024", "2023 card", "unworn", "mint", "41mm", "box only", "like new", "stickers", ""];
const TAIL: &[&str] = &["net", "firm", "obo", "no lowballers", "need gone", "open to offers", "shipped", "ono", "", "", ""];
const CHATTER: &[&str] = &[
    "Good morning gents ☀️ happy Friday",
    "shipping to HK tomorrow if anyone needs a courier",
    "Anyone seen the market on Daytonas this week? Feels soft",
    "SOLD thanks all 🙏",
    "Price check: what is a 116500LN white going for now?",
    "thanks bro 👍",
];

fn synthetic(r: &mut Rng) -> String {
    match r.below(10) {
        0..=3 => format!("{} {} {} {} {}", r.pick(SALE), r.pick(WATCHES), r.pick(EXTRA), r.pick(PRICES), r.pick(TAIL)),
        4 | 5 => format!("{} {} {}, budget {}", r.pick(WANT), r.pick(WATCHES), r.pick(EXTRA), r.pick(PRICES)),
        6 => {
            let n = 2 + r.below(4);
            let mut s = String::from(r.pick(&["WTS:", "Available now:", "📣 Stock update 📣", "WTB list:"]));
            for i in 0..n {
                s.push_str(&format!("\n{}) {} {} - {}", i + 1, r.pick(WATCHES), r.pick(EXTRA), r.pick(PRICES)));
            }
            s.push_str(r.pick(&["\nAll USD, full sets", "\nall prices in HKD", "", "\nPM for details"]));
            s
        }
        7 => format!("{} {} {}", r.pick(&["SOLD", "Gone, thanks", "On hold:", "PC on", "What's the market on"]), r.pick(WATCHES), r.pick(&["?", "🙏", ""])),
        _ => r.pick(CHATTER).to_string(),
    }
}

fn mutate(r: &mut Rng, s: &str) -> String {
    match r.below(4) {
        0 => s.to_string(),
        1 => s.to_lowercase(),
        2 => format!("{} {}", r.pick(&["🔥", "✅", "‼️", "•"]), s),
        _ => format!("{s} {}", r.pick(TAIL)),
    }
}

fn dev_texts(path: &str) -> Vec<String> {
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!("bench: {path} not readable, using synthetic messages only");
        return Vec::new();
    };
    data.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect()
}

/// Parses `count` varied messages (the texts of `dev_jsonl`, mutated, and
/// synthetic listings, wanted posts, lists, sold notices and chatter) on
/// one thread and prints the throughput.
pub fn bench(dev_jsonl: &str, count: usize) {
    let dev = dev_texts(dev_jsonl);
    let mut r = Rng(0x2545_F491_4F6C_DD1D);
    let mut msgs = Vec::with_capacity(count);
    let mut i = 0usize;
    while msgs.len() < count {
        if !dev.is_empty() && i & 1 == 0 {
            msgs.push(mutate(&mut r, &dev[(i / 2) % dev.len()]));
        } else {
            msgs.push(synthetic(&mut r));
        }
        i += 1;
    }
    let bytes: usize = msgs.iter().map(String::len).sum();
    for m in msgs.iter().take(10_000) {
        black_box(parse_message(black_box(m)));
    }
    let start = Instant::now();
    let mut signals = 0usize;
    for m in &msgs {
        signals += black_box(parse_message(black_box(m))).len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "signal parser: {} messages ({:.1} MB), {} signals in {:.3} s = {:.0} messages/second on one thread",
        msgs.len(),
        bytes as f64 / 1e6,
        signals,
        secs,
        msgs.len() as f64 / secs
    );
}
