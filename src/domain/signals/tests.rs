//! Message-level tests: hand-written broker messages with the expected
//! signals, and a property test that random input never panics.

use super::*;
use std::str::FromStr;

/// Expected signal; `None` in `model`/`sentiment` means "not checked".
struct E {
    deal: DealType,
    brand: Option<&'static str>,
    model: Option<&'static str>,
    reference: Option<&'static str>,
    price: Option<&'static str>,
    currency: Option<&'static str>,
    sentiment: Option<Sentiment>,
}

const S: DealType = DealType::ForSale;
const W: DealType = DealType::Wanted;
const O: DealType = DealType::Other;

fn e(deal: DealType, brand: Option<&'static str>, reference: Option<&'static str>, price: Option<&'static str>, currency: Option<&'static str>) -> E {
    E { deal, brand, model: None, reference, price, currency, sentiment: None }
}

impl E {
    fn model(mut self, m: &'static str) -> E {
        self.model = Some(m);
        self
    }
    fn sent(mut self, s: Sentiment) -> E {
        self.sentiment = Some(s);
        self
    }
}

fn check(text: &str, expected: &[E]) {
    let got = parse_message(text);
    assert_eq!(got.len(), expected.len(), "{text:?}\n{got:#?}");
    for (i, (g, x)) in got.iter().zip(expected).enumerate() {
        let ctx = format!("{text:?} signal #{i}\n{g:#?}");
        assert_eq!(g.deal_type, x.deal, "deal_type: {ctx}");
        assert_eq!(g.brand.as_deref(), x.brand, "brand: {ctx}");
        assert_eq!(g.reference.as_deref(), x.reference, "reference: {ctx}");
        assert_eq!(g.price, x.price.map(|p| Decimal::from_str(p).unwrap()), "price: {ctx}");
        assert_eq!(g.currency.as_deref(), x.currency, "currency: {ctx}");
        if let Some(m) = x.model {
            assert_eq!(g.model.as_deref(), Some(m), "model: {ctx}");
        }
        if let Some(s) = x.sentiment {
            assert_eq!(g.sentiment, s, "sentiment: {ctx}");
        }
        assert!((0.0..=1.0).contains(&g.confidence), "confidence: {ctx}");
    }
}

const ROLEX: Option<&str> = Some("Rolex");
const PATEK: Option<&str> = Some("Patek Philippe");
const AP: Option<&str> = Some("Audemars Piguet");

// --- for sale ---------------------------------------------------------------

#[test]
fn sale_posts_various_brands() {
    check("WTS AP Royal Oak 15510ST blue 2022 full set HKD 420k", &[e(S, AP, Some("15510ST"), Some("420000"), Some("HKD")).model("Royal Oak")]);
    check(
        "Selling my Omega Speedmaster 311.30.42.30.01.005, 2019, B&P, £4,200 ono",
        &[e(S, Some("Omega"), Some("311.30.42.30.01.005"), Some("4200"), Some("GBP")).model("Speedmaster").sent(Sentiment::Motivated)],
    );
    check("WTS Rolex 16610 full set 1999 $9,800 firm", &[e(S, ROLEX, Some("16610"), Some("9800"), Some("USD")).model("Submariner Date").sent(Sentiment::Firm)]);
    check(
        "Need gone! Tudor BB58 blue 79030B 2022 full set 3.2k usd",
        &[e(S, Some("Tudor"), Some("79030B"), Some("3200"), Some("USD")).model("Black Bay 58").sent(Sentiment::Motivated)],
    );
    check(
        "Cartier Santos WSSA0018 large 2021 full set €6.500 no lowballers",
        &[e(S, Some("Cartier"), Some("WSSA0018"), Some("6500"), Some("EUR")).model("Santos").sent(Sentiment::Firm)],
    );
    check("JLC Master Ultra Thin Q1368470 like new £5.2k", &[e(S, Some("Jaeger-LeCoultre"), Some("Q1368470"), Some("5200"), Some("GBP"))]);
    check("FS: IWC Big Pilot IW501001, 2020, full set. 9k CHF", &[e(S, Some("IWC"), Some("IW501001"), Some("9000"), Some("CHF")).model("Big Pilot")]);
    check("RM 035-02 white, 2020 full set, 1.1m USD", &[e(S, Some("Richard Mille"), Some("RM035-02"), Some("1100000"), Some("USD"))]);
    check("Panerai PAM 1312 2021 complete 5.8k", &[e(S, Some("Panerai"), Some("PAM1312"), Some("5800"), None).model("Luminor")]);
    check("Breitling Navitimer AB0138241B1P1 2023 unworn 7,900 EUR", &[e(S, Some("Breitling"), Some("AB0138241B1P1"), Some("7900"), Some("EUR"))]);
    check("Hublot Classic Fusion 542.NX.1171.RX full set 2020 AED 18,500", &[e(S, Some("Hublot"), Some("542.NX.1171.RX"), Some("18500"), Some("AED"))]);
    check("Zenith Chronomaster Sport 03.3100.3600/69.M3100 2022 - 11.5k", &[e(S, Some("Zenith"), Some("03.3100.3600/69.M3100"), Some("11500"), None)]);
    check(
        "Lange Datograph 403.035 2015 serviced CHF 68'000",
        &[e(S, Some("A. Lange & Söhne"), Some("403.035"), Some("68000"), Some("CHF")).model("Datograph")],
    );
    check(
        "A. Lange & Söhne Zeitwerk 140.029 box papers €95,000",
        &[e(S, Some("A. Lange & Söhne"), Some("140.029"), Some("95000"), Some("EUR")).model("Zeitwerk")],
    );
    check(
        "Vacheron Overseas 4500V/110A-B128 2022 full set, asking 29.5k",
        &[e(S, Some("Vacheron Constantin"), Some("4500V/110A-B128"), Some("29500"), None).model("Overseas")],
    );
    check("Grand Seiko SLGH005 White Birch 2022 ¥850,000", &[e(S, Some("Grand Seiko"), Some("SLGH005"), Some("850000"), Some("JPY")).model("White Birch")]);
    check("F.P. Journe Octa Lune platinum 2015, CHF 95k", &[e(S, Some("F.P. Journe"), None, Some("95000"), Some("CHF")).model("Octa")]);
    check("Chopard Alpine Eagle 41 298600-3001 2022 14k CHF", &[e(S, Some("Chopard"), Some("298600-3001"), Some("14000"), Some("CHF")).model("Alpine Eagle")]);
    check("Girard-Perregaux Laureato 81010-11-431-11A 2021 €9.800", &[e(S, Some("Girard-Perregaux"), Some("81010-11-431-11A"), Some("9800"), Some("EUR"))]);
    check("Blancpain Fifty Fathoms 5015-1130-52A full set 2019 $10,500", &[e(S, Some("Blancpain"), Some("5015-1130-52A"), Some("10500"), Some("USD"))]);
    check("Breguet Classique 5177BA/29/9V6 2018 €12,000", &[e(S, Some("Breguet"), Some("5177BA/29/9V6"), Some("12000"), Some("EUR"))]);
    check("Cartier Panthère WSPN0007 small 2022, HK$ 32,000", &[e(S, Some("Cartier"), Some("WSPN0007"), Some("32000"), Some("HKD")).model("Panthère")]);
    check("IWC Pilot Mark XX IW328201 2022 unworn 4,200 EUR", &[e(S, Some("IWC"), Some("IW328201"), Some("4200"), Some("EUR")).model("Pilot")]);
    check("TAG Heuer Carrera CBN2A1B.BA0643 2022 £4,100", &[e(S, Some("TAG Heuer"), Some("CBN2A1B.BA0643"), Some("4100"), Some("GBP")).model("Carrera")]);
    check("Longines HydroConquest L3.781.4.96.6 unworn 1,200 USD", &[e(S, Some("Longines"), Some("L3.781.4.96.6"), Some("1200"), Some("USD"))]);
    check("Seiko SPB143J1 2021 like new $850", &[e(S, Some("Seiko"), Some("SPB143J1"), Some("850"), Some("USD"))]);
    check(
        "Glashütte Original Senator Excellence 1-36-04-01-02-04 €7,900",
        &[e(S, Some("Glashütte Original"), Some("1-36-04-01-02-04"), Some("7900"), Some("EUR"))],
    );
    check("Bell & Ross BR 03-92 Black Matte 2021 $2,900", &[e(S, Some("Bell & Ross"), Some("BR03-92"), Some("2900"), Some("USD"))]);
    check("Piaget Polo G0A41001 2021 full set €18.5k", &[e(S, Some("Piaget"), Some("G0A41001"), Some("18500"), Some("EUR")).model("Polo")]);
    check("VC Patrimony 85180/000G-9230 full set 2015 US$14,000", &[e(S, Some("Vacheron Constantin"), Some("85180/000G-9230"), Some("14000"), Some("USD"))]);
    check("Rolex 1675 Pepsi 1972, tropical, USD 24k", &[e(S, ROLEX, Some("1675"), Some("24000"), Some("USD")).model("GMT-Master")]);
    check("Audemars 15202 Jumbo 2019 for sale 1.2m HKD", &[e(S, AP, Some("15202"), Some("1200000"), Some("HKD")).model("Royal Oak")]);
    check("PP Aquanaut 5167A-001 2020 HKD 520k", &[e(S, PATEK, Some("5167A-001"), Some("520000"), Some("HKD")).model("Aquanaut")]);
    check("PP 5711 for sale 130k", &[e(S, PATEK, Some("5711"), Some("130000"), None).model("Nautilus")]);
    check("MB&F Legacy Machine LM101 2019 full set $75k", &[e(S, Some("MB&F"), None, Some("75000"), Some("USD")).model("Legacy Machine")]);
    check("H. Moser Endeavour Small Seconds 2021 €18,000", &[e(S, Some("H. Moser & Cie."), None, Some("18000"), Some("EUR")).model("Endeavour")]);
}

#[test]
fn sale_posts_rolex_nicknames_and_shorthand() {
    check("WTS 126610 LN 2023 full set 14.5k", &[e(S, ROLEX, Some("126610LN"), Some("14500"), None).model("Submariner Date")]);
    check("Rolex GMT Pepsi 126710BLRO on jubilee, B&P 2022 – 19,2k€", &[e(S, ROLEX, Some("126710BLRO"), Some("19200"), Some("EUR")).model("GMT-Master II")]);
    check("wts rolex sub date 126610ln 2024 14.9k", &[e(S, ROLEX, Some("126610LN"), Some("14900"), None)]);
    check("*WTS* _Rolex 126610LN_ 2024 *$14,900*", &[e(S, ROLEX, Some("126610LN"), Some("14900"), Some("USD"))]);
    check("126610LN 14.5 net", &[e(S, ROLEX, Some("126610LN"), Some("14500"), None)]);
    check("Daytona 116500 white 2019 25.5", &[e(S, ROLEX, Some("116500"), Some("25500"), None).model("Daytona")]);
    check(
        "Rolex Datejust 41 126334 Wimbledon 2022, B&P, 12,900 USD obo",
        &[e(S, ROLEX, Some("126334"), Some("12900"), Some("USD")).model("Datejust 41").sent(Sentiment::Motivated)],
    );
    check("Rolex Day-Date 40 228235 olive, 2022 full set, S$72,000", &[e(S, ROLEX, Some("228235"), Some("72000"), Some("SGD")).model("Day-Date")]);
    check("Rolex 126300 slate fluted 2023 AED 47,000 firm", &[e(S, ROLEX, Some("126300"), Some("47000"), Some("AED")).sent(Sentiment::Firm)]);
    check("Rolex 5513 1978 maxi dial, $16,500", &[e(S, ROLEX, Some("5513"), Some("16500"), Some("USD")).model("Submariner")]);
    check(
        "Rolex Yacht-Master 40 126622 rhodium, 2021 B&P, 11.9k obo, need cash",
        &[e(S, ROLEX, Some("126622"), Some("11900"), None).model("Yacht-Master").sent(Sentiment::Motivated)],
    );
    check("Tudor Black Bay GMT 79830RB pepsi 2023 $3,400", &[e(S, Some("Tudor"), Some("79830RB"), Some("3400"), Some("USD")).model("Black Bay GMT")]);
    check("Rolex Daytona \"Panda\" 116500LN 2020 full set 28,800 USD", &[e(S, ROLEX, Some("116500LN"), Some("28800"), Some("USD")).model("Daytona")]);
    check("Omega Seamaster 300M blue 2022 unworn, $4.5k", &[e(S, Some("Omega"), None, Some("4500"), Some("USD")).model("Seamaster")]);
    check("Rolex 16520 Zenith Daytona 1995, $24k", &[e(S, ROLEX, Some("16520"), Some("24000"), Some("USD")).model("Daytona")]);
}

#[test]
fn price_formats() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        // The formats named in the product issue.
        ("WTS Sub 124060 2024 14.5k", "14500", None),
        ("WTS Daytona 116500LN 1.25m HKD", "1250000", Some("HKD")),
        ("WTS Daytona 116500LN 1.2 mil", "1200000", None),
        ("F.P. Journe Chronomètre Bleu for sale, CHF 165'000", "165000", Some("CHF")),
        ("Omega Speedmaster 310.30.42.50.01.001 for sale €6.200", "6200", Some("EUR")),
        ("Omega Speedmaster 310.30.42.50.01.001 for sale 6.200,50 €", "6200.5", Some("EUR")),
        ("WTS Rolex 126610LN $14,500", "14500", Some("USD")),
        ("FS Daytona 126500LN 31.5k USD", "31500", Some("USD")),
        ("Available Rolex 126710BLRO HKD 168,000", "168000", Some("HKD")),
        ("WTS Daytona 126500LN USD 31,500", "31500", Some("USD")),
        ("WTS Daytona 126500LN 31500usd", "31500", Some("USD")),
        ("WTS Daytona 126500LN $31.5K", "31500", Some("USD")),
        ("WTB Patek 5711/1A-010 budget up to 120k", "120000", None),
        ("WTS Daytona 126500LN 31.5k obo", "31500", None),
        ("WTS Daytona 126500LN 31.5k shipped", "31500", None),
        ("WTS Daytona 126500LN MSRP 15k, asking 31.5k", "31500", None),
        ("WTS Daytona 126500LN paid 28k, price 31.5k", "31500", None),
        ("WTS Daytona 126500LN @ 31.5k (retail 15.1k)", "31500", None),
        ("Rolex Sub 124060 2024 USD14.5k", "14500", Some("USD")),
        ("Rolex Sub 124060 2024 14.5K USD", "14500", Some("USD")),
        ("Rolex Sub 124060 2024 14.5k$", "14500", Some("USD")),
        ("Rolex Sub 124060 2024 $31.5K", "31500", Some("USD")),
        ("Rolex Sub 124060 2024 HKD$ 112,000", "112000", Some("HKD")),
        ("Rolex Sub 124060 2024 RMB 78,000", "78000", Some("CNY")),
        ("Rolex Sub 124060 2024 € 9.800,-", "9800", Some("EUR")),
        ("Rolex Sub 124060 2024 6.200,50 EUR", "6200.5", Some("EUR")),
        ("Rolex Sub 124060 2024 CHF 9’800.-", "9800", Some("CHF")),
        ("Rolex Sub 124060 2024 CHF 165'000", "165000", Some("CHF")),
        ("Rolex Sub 124060 2024 9.800€", "9800", Some("EUR")),
        ("Rolex Sub 124060 2024 dhs 45k", "45000", Some("AED")),
        ("Rolex Sub 124060 2024 45000 dhs", "45000", Some("AED")),
        ("Rolex Sub 124060 2024 45k aed", "45000", Some("AED")),
        ("Rolex Sub 124060 2024 31500usd", "31500", Some("USD")),
        ("Rolex Sub 124060 2024 USD 31,500", "31500", Some("USD")),
        ("Rolex Sub 124060 2024 S$ 14,900", "14900", Some("SGD")),
        ("Rolex Sub 124060 2024 £12k ono", "12000", Some("GBP")),
        ("Rolex Sub 124060 2024 1.25m HKD", "1250000", Some("HKD")),
        ("Rolex Sub 124060 2024 ¥2.1m", "2100000", Some("JPY")),
        ("WTS 126710BLNR $ 18 500", "18500", Some("USD")),
        ("Omega Speedmaster Moonwatch 310.30.42.50.01.001 2023 box papers 5 950 EUR", "5950", Some("EUR")),
        ("Rolex 126610LN 2024 — 14,500 USD (retail 10,250)", "14500", Some("USD")),
        ("Rolex Explorer 224270 2023 full set 8.2k, retail was 7.7k", "8200", None),
        ("Retail 7,750 but asking 8,500 for Explorer 224270", "8500", None),
        ("Patek Aquanaut 5167A 2019 - bought for 50k, now asking 62k", "62000", None),
        ("Rolex Submariner 126610LN, bought 2023 for 14k, selling 13.5k", "13500", None),
        ("Price drop: Sky-Dweller 326934 2021 full set now 16.8k (was 17.5k)", "16800", None),
        ("2x Rolex 124060 2024 unworn 10.5k each", "10500", None),
        ("Selling 2 x 124060 @ 10.4k each", "10400", None),
        ("WTS Daytona 126500LN. 41mm. 2024 card. 30.2k", "30200", None),
        ("Contact me on +852 9123 4567 for Rolex 126610LN 14.8k", "14800", None),
        ("Rolex 126610LN 2024 14,5k €", "14500", Some("EUR")),
    ];
    for (text, price, cur) in cases {
        let s = parse_message(text);
        assert_eq!(s.len(), 1, "{text}: {s:#?}");
        assert_eq!(s[0].price, Some(Decimal::from_str(price).unwrap()), "{text}");
        assert_eq!(s[0].currency.as_deref(), *cur, "{text}");
    }
}

#[test]
fn not_prices() {
    // Years, sizes, dates, quantities, phone numbers, references.
    check("Rolex 126610LN 41mm 2023 B&P 03/2024", &[e(S, ROLEX, Some("126610LN"), None, None)]);
    check("Call 9123 4567 about the Rolex 126610LN", &[e(O, ROLEX, Some("126610LN"), None, None)]);
    check("How much for a 2023 Submariner 124060?", &[e(O, ROLEX, Some("124060"), None, None)]);
    check("Omega Seamaster 300M 1000m? no, 300m", &[e(O, Some("Omega"), None, None, None)]);
}

// --- wanted ------------------------------------------------------------------

#[test]
fn wanted_posts() {
    check("WTB Patek 5167A any year, budget 60k", &[e(W, PATEK, Some("5167A"), Some("60000"), None).model("Aquanaut")]);
    check("LF Rolex Daytona 116500LN white, paying up to 30k USD", &[e(W, ROLEX, Some("116500LN"), Some("30000"), Some("USD"))]);
    check("Looking for GS SBGA211 snowflake, can pay S$7k", &[e(W, Some("Grand Seiko"), Some("SBGA211"), Some("7000"), Some("SGD")).model("Snowflake")]);
    check("anyone selling a Milgauss 116400GV? need for client", &[e(W, ROLEX, Some("116400GV"), None, None).model("Milgauss")]);
    check("Wanted: Tudor Pelagos 25600TB, LHD ok", &[e(W, Some("Tudor"), Some("25600TB"), None, None).model("Pelagos")]);
    check("need daytona panda asap, budget 28k", &[e(W, ROLEX, None, Some("28000"), None).model("Daytona")]);
    check("Who's got a 5712/1A? Paying HKD 1.05m", &[e(W, PATEK, Some("5712/1A"), Some("1050000"), Some("HKD"))]);
    check("anyone have a Cartier Tank Must WSTA0041? client wants under 3k", &[e(W, Some("Cartier"), Some("WSTA0041"), Some("3000"), None)]);
    check("LF: Patek 5167A. Will pay 65-70k depending on condition", &[e(W, PATEK, Some("5167A"), Some("70000"), None)]);
    check("Looking for Rolex 126710BLRO, 2023+ card, around 19k", &[e(W, ROLEX, Some("126710BLRO"), Some("19000"), None)]);
    check("I have a client looking for a 5980/1R, any leads?", &[e(W, PATEK, Some("5980/1R"), None, None).model("Nautilus")]);
    check("Can anyone source a 26331ST blue? Client paying 55k", &[e(W, AP, Some("26331ST"), Some("55000"), None)]);
    check("any 126610LN around? need 2", &[e(W, ROLEX, Some("126610LN"), None, None)]);
    check("what are you asking for the 5711?", &[e(W, PATEK, Some("5711"), None, None)]);
    check(
        "WTB: 5711/1A-010 or 5712/1A-001, up to 140k each",
        &[e(W, PATEK, Some("5711/1A-010"), Some("140000"), None), e(W, PATEK, Some("5712/1A-001"), Some("140000"), None)],
    );
    check(
        "Seeking JLC Reverso Tribute Q3858520 in good condition, budget €7,000",
        &[e(W, Some("Jaeger-LeCoultre"), Some("Q3858520"), Some("7000"), Some("EUR"))],
    );
}

// --- other: sold, price checks, chatter -------------------------------------

#[test]
fn sold_checks_and_chatter() {
    check("SOLD thanks all", &[e(O, None, None, None, None)]);
    check("SOLD - 126710BLRO", &[e(O, ROLEX, Some("126710BLRO"), None, None).model("GMT-Master II")]);
    check("Hulk 116610LV sold", &[e(O, ROLEX, Some("116610LV"), None, None).model("Submariner Date")]);
    check("Just sold the Hulk, thanks guys", &[e(O, ROLEX, None, None, None).model("Submariner Date")]);
    check("On hold: Rolex GMT 126720VTNR", &[e(O, ROLEX, Some("126720VTNR"), None, None)]);
    check("Deal done on the Daytona, thanks all", &[e(O, ROLEX, None, None, None).model("Daytona")]);
    check("PC on a 124060 2023 full set?", &[e(O, ROLEX, Some("124060"), None, None).model("Submariner")]);
    check("What's the market on 5711/1A these days?", &[e(O, PATEK, Some("5711/1A"), None, None)]);
    check("What are Batmans trading at now?", &[e(O, ROLEX, None, None, None).model("GMT-Master II")]);
    check("How's the market for Royal Oaks?", &[e(O, AP, None, None, None).model("Royal Oak")]);
    check("Thoughts on the new Tudor BB54?", &[e(O, Some("Tudor"), None, None, None).model("Black Bay 54")]);
    check("hello can someone share the 5711 market price?", &[e(O, PATEK, Some("5711"), None, None)]);
    check("Good morning everyone 🙏", &[e(O, None, None, None, None)]);
    check("Anyone know a good strap maker in HK?", &[e(O, None, None, None, None)]);
    check("Need a courier to Singapore", &[e(O, None, None, None, None)]);
    check("Gone, thanks", &[e(O, None, None, None, None)]);
    check("", &[e(O, None, None, None, None)]);
}

// --- multi-watch messages ---------------------------------------------------

#[test]
fn lists_and_headers() {
    check(
        "Available:\n- 126610LN 2024 14.2k\n- 126710BLNR 2023 18.5k\n- 124060 2024 10.3k\nAll USD, net",
        &[
            e(S, ROLEX, Some("126610LN"), Some("14200"), Some("USD")),
            e(S, ROLEX, Some("126710BLNR"), Some("18500"), Some("USD")),
            e(S, ROLEX, Some("124060"), Some("10300"), Some("USD")),
        ],
    );
    check(
        "WTS\nRolex:\n• 126500LN 2023 - $31k\n• 226570 2022 - $10.8k\nPatek:\n• 5167A 2020 - $68k",
        &[
            e(S, ROLEX, Some("126500LN"), Some("31000"), Some("USD")).model("Daytona"),
            e(S, ROLEX, Some("226570"), Some("10800"), Some("USD")).model("Explorer II"),
            e(S, PATEK, Some("5167A"), Some("68000"), Some("USD")).model("Aquanaut"),
        ],
    );
    check(
        "📣 Stock update 📣\n1️⃣ Rolex 126500LN white 2024 — 29.8k\n2️⃣ Rolex 126710GRNR 2024 — 21.5k\n3️⃣ AP 15510ST grey 2023 — 41k\n4️⃣ Patek 5811/1G 2023 — 168k\nPrices in USD, wire only",
        &[
            e(S, ROLEX, Some("126500LN"), Some("29800"), Some("USD")),
            e(S, ROLEX, Some("126710GRNR"), Some("21500"), Some("USD")),
            e(S, AP, Some("15510ST"), Some("41000"), Some("USD")),
            e(S, PATEK, Some("5811/1G"), Some("168000"), Some("USD")),
        ],
    );
    check(
        "WTB list:\n- 5711/1A any year\n- 26240ST\n- Daytona 116500LN white\nBudget depends, send offers",
        &[e(W, PATEK, Some("5711/1A"), None, None), e(W, AP, Some("26240ST"), None, None), e(W, ROLEX, Some("116500LN"), None, None)],
    );
    check(
        "Rolex 126610LN 14.5k, Patek 5167A 65k, AP 15500ST 38k",
        &[e(S, ROLEX, Some("126610LN"), Some("14500"), None), e(S, PATEK, Some("5167A"), Some("65000"), None), e(S, AP, Some("15500ST"), Some("38000"), None)],
    );
    check(
        "Selling: JLC Reverso Tribute Q3978480 2022 £6,400 / Cartier Santos WSSA0029 2023 £6,100",
        &[e(S, Some("Jaeger-LeCoultre"), Some("Q3978480"), Some("6400"), Some("GBP")), e(S, Some("Cartier"), Some("WSSA0029"), Some("6100"), Some("GBP"))],
    );
    check(
        "WTS: Rolex 126610LV Starbucks + 126600 Sea-Dweller. 15k and 13k",
        &[e(S, ROLEX, Some("126610LV"), Some("15000"), None), e(S, ROLEX, Some("126600"), Some("13000"), None).model("Sea-Dweller")],
    );
    check(
        "126500LN gone, 126710BLRO still available 19.2k",
        &[e(O, ROLEX, Some("126500LN"), None, None), e(S, ROLEX, Some("126710BLRO"), Some("19200"), None)],
    );
    check(
        "Sub 124060 / Daytona 126500LN / GMT 126710BLNR all available, pm for prices",
        &[e(S, ROLEX, Some("124060"), None, None), e(S, ROLEX, Some("126500LN"), None, None), e(S, ROLEX, Some("126710BLNR"), None, None)],
    );
    check(
        "WTS:\n126610LN 14.5k\n126710BLRO 19k\nWTB:\n5711/1A budget 120k",
        &[
            e(S, ROLEX, Some("126610LN"), Some("14500"), None),
            e(S, ROLEX, Some("126710BLRO"), Some("19000"), None),
            e(W, PATEK, Some("5711/1A"), Some("120000"), None),
        ],
    );
    check("Rolex Daytona\n126500LN white\n2024 full set\n$31,000", &[e(S, ROLEX, Some("126500LN"), Some("31000"), Some("USD")).model("Daytona")]);
    check(
        "all prices in HKD\n1. Patek 5711/1A-010 1,050,000\n2. Patek 5726/1A 720,000 firm",
        &[e(S, PATEK, Some("5711/1A-010"), Some("1050000"), Some("HKD")), e(S, PATEK, Some("5726/1A"), Some("720000"), Some("HKD")).sent(Sentiment::Firm)],
    );
}

// --- more phrasings ----------------------------------------------------------

#[test]
fn more_phrasings() {
    let tudor = Some("Tudor");
    check("FS Patek Philippe Aquanaut 5168G-001 khaki, 2021 B&P, 98k USD", &[e(S, PATEK, Some("5168G-001"), Some("98000"), Some("USD"))]);
    check("ISO Cartier Santos Dumont WGSA0021 rose gold, any budget", &[e(W, Some("Cartier"), Some("WGSA0021"), None, None).model("Santos-Dumont")]);
    check(
        "FS: Breitling Superocean Heritage B20 AB2010121B1S1 2022 full set £3,200 ono",
        &[e(S, Some("Breitling"), Some("AB2010121B1S1"), Some("3200"), Some("GBP")).model("Superocean Heritage")],
    );
    check("Selling my RM 67-02 Alexander Zverev, full set 2022, USD 330,000", &[e(S, Some("Richard Mille"), Some("RM67-02"), Some("330000"), Some("USD"))]);
    check("Tudor Pelagos FXD 25707B 2022 full set AED 14,500", &[e(S, tudor, Some("25707B"), Some("14500"), Some("AED"))]);
    check("Need 126610LN x3, paying 14.2k each, USD", &[e(W, ROLEX, Some("126610LN"), Some("14200"), Some("USD"))]);
    check("Sold out of 126610LN, more coming next week", &[e(O, ROLEX, Some("126610LN"), None, None)]);
    check("Rolex 14060M Sub no date 2008 $8,400", &[e(S, ROLEX, Some("14060M"), Some("8400"), Some("USD")).model("Submariner")]);
    check("Rolex 16710 Coke GMT 2001 B&P $12.5k", &[e(S, ROLEX, Some("16710"), Some("12500"), Some("USD")).model("GMT-Master II")]);
    check("Omega Speedmaster 3570.50 2005 box papers $4,200", &[e(S, Some("Omega"), Some("3570.50"), Some("4200"), Some("USD"))]);
    check("Tudor 79030 BB58 2021 $3k", &[e(S, tudor, Some("79030"), Some("3000"), Some("USD"))]);
    check("AP RO 15500 blue 2021, 36k", &[e(S, AP, Some("15500"), Some("36000"), None)]);
    check("ref 3235 rolex", &[e(O, ROLEX, Some("3235"), None, None)]);
    check("Rolex 126610LN calibre 3235, 2023 full set", &[e(S, ROLEX, Some("126610LN"), None, None)]);
    check("AP Royal Oak 15500ST limited 1 of 1000 for sale", &[e(S, AP, Some("15500ST"), None, None)]);
    check("Daytona 126500LN warranty until 2027, $30k", &[e(S, ROLEX, Some("126500LN"), Some("30000"), Some("USD"))]);
    check("AP 15510ST 2023 like new - 40.5k/USD", &[e(S, AP, Some("15510ST"), Some("40500"), Some("USD"))]);
    check("Anyone got stock of 126710BLRO?", &[e(W, ROLEX, Some("126710BLRO"), None, None)]);
    check("Can get 126500LN white for 29.5k, interested?", &[e(S, ROLEX, Some("126500LN"), Some("29500"), None)]);
    check("Bidding 14k on any 126610LN", &[e(W, ROLEX, Some("126610LN"), Some("14000"), None)]);
    check("Who wants a 126610LN? 14.5k", &[e(S, ROLEX, Some("126610LN"), Some("14500"), None)]);
    check("Just got in: Rolex 126234 blue jubilee 2023, pm me", &[e(S, ROLEX, Some("126234"), None, None).model("Datejust 36")]);
    check("Trade: my 126610LN for your 126710BLRO", &[e(O, ROLEX, Some("126610LN"), None, None), e(O, ROLEX, Some("126710BLRO"), None, None)]);
    check(
        "126710BLRO jubilee '23 full set 19k or trade for 126610LV + cash",
        &[e(S, ROLEX, Some("126710BLRO"), Some("19000"), None), e(W, ROLEX, Some("126610LV"), None, None)],
    );
    check(
        "WTS 126610LN 14.5k, WTB 126710BLRO 18k",
        &[e(S, ROLEX, Some("126610LN"), Some("14500"), None), e(W, ROLEX, Some("126710BLRO"), Some("18000"), None)],
    );
    check(
        "Rolex 126610LN - sold\nRolex 126710BLRO - 19k\nRolex 126500LN - on hold",
        &[e(O, ROLEX, Some("126610LN"), None, None), e(S, ROLEX, Some("126710BLRO"), Some("19000"), None), e(O, ROLEX, Some("126500LN"), None, None)],
    );
    check(
        "1. Rolex Daytona 126500LN\n   2023 full set\n   $30,500\n2. Patek 5167A\n   2020 full set\n   $68,000",
        &[e(S, ROLEX, Some("126500LN"), Some("30500"), Some("USD")), e(S, PATEK, Some("5167A"), Some("68000"), Some("USD"))],
    );
    check(
        "Hi guys, looking for the following for a client:\n- Patek 5711/1A\n- AP 15202ST\n- RM 035-02\nCash buyer, can move fast",
        &[e(W, PATEK, Some("5711/1A"), None, None), e(W, AP, Some("15202ST"), None, None), e(W, Some("Richard Mille"), Some("RM035-02"), None, None)],
    );
    check(
        "Need: 5711 / 5712 / 5726 any condition, paying top",
        &[e(W, PATEK, Some("5711"), None, None), e(W, PATEK, Some("5712"), None, None), e(W, PATEK, Some("5726"), None, None)],
    );
    check("Rolex\n126610LN\n14.5k", &[e(S, ROLEX, Some("126610LN"), Some("14500"), None)]);
    check("SOLD:\n126610LN\n126710BLRO\nthanks all", &[e(O, ROLEX, Some("126610LN"), None, None), e(O, ROLEX, Some("126710BLRO"), None, None)]);
}

// --- generalisation classes (each test covers one class of phrasing) ------

#[test]
fn market_observations_are_other_and_plural_references_keep_their_stem() {
    check("Market feels soft on steel Patek this week. Seen two 5711s at HK$ 1.15m.", &[e(O, PATEK, Some("5711"), None, None).model("Nautilus")]);
    check("The 5711s are getting cheaper, seen at 100k", &[e(O, PATEK, Some("5711"), None, None)]);
    check("Market is soft on 116500LN now, seen 3 at 27k this week", &[e(O, ROLEX, Some("116500LN"), None, None)]);
    check("126710BLRO went for 19.4k yesterday", &[e(O, ROLEX, Some("126710BLRO"), None, None)]);
    check("is there demand for 126600 at 13k?", &[e(O, ROLEX, Some("126600"), None, None)]);
    check("who has 126610LNs in stock?", &[e(W, ROLEX, Some("126610LN"), None, None)]);
    // "as seen", "never seen" are no observation; the listing stands.
    check("WTS 126610LN 14.5k, as seen in pics", &[e(S, ROLEX, Some("126610LN"), Some("14500"), None)]);
    check("Market is hot for 126610LN, I have one at 14k, full set", &[e(S, ROLEX, Some("126610LN"), Some("14000"), None)]);
}

#[test]
fn group_housekeeping_naming_wts_wtb_is_chatter() {
    for text in [
        "Welcome all. Rules: WTS/WTB only, prices net, no fakes, no reps.",
        "Group rules reminder: WTS / WTB posts only, no price discussion in chat",
        "Welcome to the group @James please post with WTS or WTB tags",
        "Please keep the chat for WTS/WTB only, thanks",
    ] {
        check(text, &[e(O, None, None, None, None)]);
    }
    // Housekeeping words do not turn a real listing into chatter.
    check("Welcome back! WTS 126610LN 14k", &[e(S, ROLEX, Some("126610LN"), Some("14000"), None)]);
}

#[test]
fn sentences_with_another_wanted_watch() {
    check(
        "Still WTB 5711/1A-010. Also open to 5712/1A, same budget.",
        &[e(W, PATEK, Some("5711/1A-010"), None, None), e(W, PATEK, Some("5712/1A"), None, None)],
    );
    check(
        "Still looking for 126710BLRO. Also open to 126710BLNR, same money.",
        &[e(W, ROLEX, Some("126710BLRO"), None, None), e(W, ROLEX, Some("126710BLNR"), None, None)],
    );
}

#[test]
fn other_signals_carry_no_deal_price() {
    check("SOLD 126610LN @ 14.2k, thanks all", &[e(O, ROLEX, Some("126610LN"), None, None)]);
    check("PC: 126610LN 2024 full set, got offered 13.5k, fair?", &[e(O, ROLEX, Some("126610LN"), None, None)]);
    check("Is 32k fair for a 126610LN? seems high", &[e(O, ROLEX, Some("126610LN"), None, None)]);
    check("AP 15202ST 2019 full set, 45,000dhs deposit taken", &[e(O, AP, Some("15202ST"), None, None)]);
}

#[test]
fn trade_offers() {
    check("WTT: my AP 15500ST + cash for 5167A", &[e(O, AP, Some("15500ST"), None, None), e(O, PATEK, Some("5167A"), None, None)]);
    check("Open to trades on my 126610LN, looking for a 126710BLRO", &[e(O, ROLEX, Some("126610LN"), None, None), e(W, ROLEX, Some("126710BLRO"), None, None)]);
    // A priced listing that also takes trades is still for sale.
    check("Rolex 126610LN 14k, open to trades", &[e(S, ROLEX, Some("126610LN"), Some("14000"), None)]);
}

#[test]
fn a_marker_before_the_next_watch_belongs_to_it() {
    check("WTS 126610LN, WTB 126710BLRO", &[e(S, ROLEX, Some("126610LN"), None, None), e(W, ROLEX, Some("126710BLRO"), None, None)]);
    // ... and keeps it over the line's opening marker.
    check(
        "Looking for: 126710BLRO, 126720VTNR. Selling: 126610LN 14k",
        &[e(W, ROLEX, Some("126710BLRO"), None, None), e(W, ROLEX, Some("126720VTNR"), None, None), e(S, ROLEX, Some("126610LN"), Some("14000"), None)],
    );
    check(
        "sorry guys the Daytona is gone, still have the 126710BLNR 18.9k",
        &[e(O, ROLEX, None, None, None).model("Daytona"), e(S, ROLEX, Some("126710BLNR"), Some("18900"), None)],
    );
}

#[test]
fn references_written_with_spaces() {
    check("Patek 5711 1A 010 2019 full set 1.1m hkd", &[e(S, PATEK, Some("5711/1A-010"), Some("1100000"), Some("HKD"))]);
    check("Vacheron 4500V 110A-B128 blue 2020 full set 30k", &[e(S, Some("Vacheron Constantin"), Some("4500V/110A-B128"), Some("30000"), None)]);
    check("RM 035 02 white 2020 1.1m usd", &[e(S, Some("Richard Mille"), Some("RM035-02"), Some("1100000"), Some("USD"))]);
    // A suffix that is also a word joins only in capitals.
    check("AP RO 15500 or 15510, any dial, paying 38k", &[e(W, AP, Some("15500"), Some("38000"), None), e(W, AP, Some("15510"), Some("38000"), None)]);
    check("AP 15500 OR 2021 60k", &[e(S, AP, Some("15500OR"), Some("60000"), None)]);
    // Years, sizes and prices never continue a reference.
    check("Patek 5711/1A 2019 40mm 110k", &[e(S, PATEK, Some("5711/1A"), Some("110000"), None)]);
}

#[test]
fn repeated_references() {
    // A fuller form of the same reference is the same watch.
    check("Patek Nautilus 5711 olive green 5711/1A-014, 2021, 295k usd", &[e(S, PATEK, Some("5711/1A-014"), Some("295000"), Some("USD"))]);
    // The same reference after a price is a second piece; "2 Daytonas" is
    // a count, not a price.
    check(
        "Selling 2 Daytonas: 126500LN white 30k and 126500LN black 29k",
        &[e(S, ROLEX, Some("126500LN"), Some("30000"), None), e(S, ROLEX, Some("126500LN"), Some("29000"), None)],
    );
}

#[test]
fn adjacent_family_names_and_descriptive_brands() {
    check("Jaeger Le Coultre Polaris Memovox Q9038180, 2019, €8,500", &[e(S, Some("Jaeger-LeCoultre"), Some("Q9038180"), Some("8500"), Some("EUR"))]);
    check("ROLEX DAYTONA 116520 ZENITH 2003 FULL SET $24K", &[e(S, ROLEX, Some("116520"), Some("24000"), Some("USD")).model("Daytona")]);
}

#[test]
fn nicknames_vouch_for_references_of_their_family() {
    check("Pepsi 16710 for sale 13k", &[e(S, ROLEX, Some("16710"), Some("13000"), None)]);
    check("Seen two 16710 Coke GMTs at 14k this week, market is firming up", &[e(O, ROLEX, Some("16710"), None, None)]);
    // A nickname of another family does not.
    check("Hulk 16710 13k", &[e(S, ROLEX, None, Some("13000"), None).model("Submariner Date")]);
}

#[test]
fn arrows_mark_the_new_price() {
    check("Price drop\nAP 26715ST Royal Oak chrono 38mm, 2022, $41k → $38.5k", &[e(S, AP, Some("26715ST"), Some("38500"), Some("USD"))]);
    check("126610LN 14.5k -> 14k", &[e(S, ROLEX, Some("126610LN"), Some("14000"), None)]);
    check("126710BLRO 19k => 18.5k final", &[e(S, ROLEX, Some("126710BLRO"), Some("18500"), None)]);
}

#[test]
fn bare_thousands_in_a_list_written_in_thousands() {
    check(
        "Rolex:\n126610LN 14.2\n124060 10.1\nPatek:\n5167A 66\nall usd",
        &[
            e(S, ROLEX, Some("126610LN"), Some("14200"), Some("USD")),
            e(S, ROLEX, Some("124060"), Some("10100"), Some("USD")),
            e(S, PATEK, Some("5167A"), Some("66000"), Some("USD")),
        ],
    );
    // Alone, a bare small number after a reference is no price.
    check("Patek 5167A 66", &[e(O, PATEK, Some("5167A"), None, None)]);
}

#[test]
fn symbols_and_bare_numbers_next_to_references() {
    // A currency symbol glued to the following price is not the reference's.
    check(
        "Sub 126610LN $14.2k | GMT 126710BLNR $17.9k | DJ 126334 $14.1k",
        &[
            e(S, ROLEX, Some("126610LN"), Some("14200"), Some("USD")),
            e(S, ROLEX, Some("126710BLNR"), Some("17900"), Some("USD")),
            e(S, ROLEX, Some("126334"), Some("14100"), Some("USD")),
        ],
    );
    // A bare four-digit calibre does not close the watch before its reference.
    check(
        "Omega Speedmaster 3861 310.30.42.50.01.002 for sale, 2023, 6,900 SGD",
        &[e(S, Some("Omega"), Some("310.30.42.50.01.002"), Some("6900"), Some("SGD"))],
    );
}

#[test]
fn brand_typos_and_wanted_phrasings() {
    check("Rollex 16610 2005 full set 9.5k", &[e(S, ROLEX, Some("16610"), Some("9500"), None)]);
    check("Audermars 15202 2019 95k usd", &[e(S, AP, Some("15202"), Some("95000"), Some("USD"))]);
    check("Pannerai Luminor 1950 blue 4k", &[e(S, Some("Panerai"), None, Some("4000"), None)]);
    check("Who's selling a Cartier Tank Louis WGTA0011 yellow? pm me your price", &[e(W, Some("Cartier"), Some("WGTA0011"), None, None)]);
    check("Any1 got a sprite? client in london", &[e(W, ROLEX, None, None, None).model("GMT-Master II")]);
    check("in the market for a 5167A, 65k max", &[e(W, PATEK, Some("5167A"), Some("65000"), None)]);
}

#[test]
fn reference_shapes_added_to_the_catalog() {
    check("Grand Seiko SBGA211G 2020, £4.2k", &[e(S, Some("Grand Seiko"), Some("SBGA211G"), Some("4200"), Some("GBP"))]);
    check("5961P 2015 full set 95k usd", &[e(S, PATEK, Some("5961P"), Some("95000"), Some("USD"))]);
    check("AP 5402ST 1978 box papers 90k", &[e(S, AP, Some("5402ST"), Some("90000"), None).model("Royal Oak")]);
    check("26401RO 2019 40k", &[e(S, AP, Some("26401RO"), Some("40000"), None)]);
    check("Omega 3570.50.00 2004 $4,100", &[e(S, Some("Omega"), Some("3570.50.00"), Some("4100"), Some("USD"))]);
    check("Omega 145.022 pre-moon 1969, $9,500", &[e(S, Some("Omega"), Some("145.022"), Some("9500"), Some("USD"))]);
    check("124273 explorer two tone 2022 10k", &[e(S, ROLEX, Some("124273"), Some("10000"), None).model("Explorer")]);
    check("Tudor M79012M-0001 2022 3.5k", &[e(S, Some("Tudor"), Some("M79012M-0001"), Some("3500"), None)]);
}

// --- sentiment --------------------------------------------------------------

#[test]
fn sentiment_cues() {
    let m = |t: &str| parse_message(t)[0].sentiment;
    assert_eq!(m("Price drop 126610LN now 13.9k"), Sentiment::Motivated);
    assert_eq!(m("Quick sale: 126610LN 13.9k"), Sentiment::Motivated);
    assert_eq!(m("126610LN 13.9k open to offers"), Sentiment::Motivated);
    assert_eq!(m("126610LN 13.9k need gone this week"), Sentiment::Motivated);
    assert_eq!(m("126610LN 13.9k firm"), Sentiment::Firm);
    assert_eq!(m("126610LN 13.9k no lowballers"), Sentiment::Firm);
    assert_eq!(m("126610LN 13.9k, price is final"), Sentiment::Firm);
    assert_eq!(m("126610LN 13.9k non-negotiable"), Sentiment::Firm);
    assert_eq!(m("126610LN 13.9k"), Sentiment::Neutral);
}

// --- robustness -------------------------------------------------------------

fn assert_sane(text: &str) {
    for s in parse_message(text) {
        assert!((0.0..=1.0).contains(&s.confidence), "{text:?}: {}", s.confidence);
        assert!(!s.confidence.is_nan());
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    let long_digits = "9".repeat(10_000);
    let long_ref = "126610LN ".repeat(5_000);
    let huge = "€".repeat(100_000);
    let samples = [
        "",
        " ",
        "\n\n\n",
        "$",
        "$$$",
        "€€",
        "k",
        "1k",
        "-",
        "--",
        "/",
        "'",
        "’",
        ".",
        "..",
        ",,",
        "@",
        "?",
        "+",
        "+1",
        "(",
        ")",
        "0",
        "00",
        "0.0",
        "0,0",
        "0'0",
        "1.",
        ".1",
        "1..2",
        "1,,2",
        "9999999999999999999999999999999999",
        "1e10",
        "-5k",
        "RM",
        "RM ",
        "PAM",
        "IW",
        "BR",
        "rm 0",
        "ref",
        "ref 1",
        "ref ref ref",
        "WTS",
        "WTB WTS SOLD PC",
        "🔥🔥🔥",
        "👍🏽",
        "\u{200d}\u{fe0f}",
        "ﷺ",
        "𝕽𝖔𝖑𝖊𝖝",
        "Ｒｏｌｅｘ １２６６１０ＬＮ",
        "ロレックス 126610LN ¥2,000,000",
        "劳力士 126610LN 14.5k",
        "رولكس 126610LN 14500 درهم",
        "İstanbul Rolex",
        "ß ẞ ǅ",
        "a\u{0301}",
        "5711/",
        "/5711",
        "5711//1A",
        "126610LN-",
        "-126610LN",
        "1-2-3-4-5-6-7",
        "1.2.3.4.5.6.7.8.9",
        "((((",
        "))))",
        "$1,000,000,000,000",
        "1m 2m 3m",
        "999m",
        "0.5k",
        "€0,01",
        "HK$",
        "US$",
        "S$ ",
        "$HK",
        "k$",
        "$k",
        "\t126610LN\t14k\t",
        "\r\n126610LN\r\n14k\r\n",
    ];
    for s in samples {
        assert_sane(s);
    }
    assert_sane(&long_digits);
    assert_sane(&long_ref);
    assert_sane(&huge);
}

#[test]
fn hand_rolled_fuzz() {
    // Deterministic xorshift over a soup of tokens, digits and punctuation.
    let pieces = [
        "WTS",
        "WTB",
        "Rolex",
        "AP",
        "Patek",
        "126610LN",
        "5711/1A-010",
        "15500ST.OO.1220ST.01",
        "RM",
        "035-02",
        "PAM",
        "1312",
        "$",
        "€",
        "HK",
        "k",
        "14,500",
        "14.5",
        "1.25m",
        "165'000",
        "6.200,50",
        "2023",
        "03/2024",
        "41mm",
        "?",
        "!",
        "\n",
        "-",
        "/",
        ".",
        ",",
        "'",
        "@",
        "🔥",
        "•",
        "1)",
        "x",
        "sold",
        "need gone",
        "firm",
        "budget",
        "up to",
        "retail",
        "was",
        "now",
        "ref",
        "Sub",
        "Pepsi",
        "Lange",
        "1",
        "191.032",
        "ü",
        "中",
        " ",
        "  ",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut s = String::new();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let n = (x % 40) as usize;
        for _ in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push_str(pieces[(x % pieces.len() as u64) as usize]);
            if x & 1 == 0 {
                s.push(' ');
            }
        }
        assert_sane(&s);
    }
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn any_unicode_never_panics(s in "\\PC{0,200}") {
            assert_sane(&s);
        }

        #[test]
        fn any_string_never_panics(s in any::<String>()) {
            assert_sane(&s);
        }

        #[test]
        fn digit_and_punctuation_soup(s in "[0-9$€£¥.,'’/\\-kKmM@?+()# \n]{0,120}") {
            assert_sane(&s);
        }

        #[test]
        fn watchy_soup(s in "((WTS|WTB|Rolex|AP|RM|PAM|126610LN|5711/1A|15500ST|[0-9]{1,7}|[.,'/-]|k|m|\\$|HK\\$|€|£| |\n|🔥|sold|firm)){0,60}") {
            assert_sane(&s);
        }

        #[test]
        fn long_strings(s in "[a-zA-Z0-9 .,/$€-]{1000,4000}") {
            assert_sane(&s);
        }
    }
}

#[test]
fn large_inputs_stay_fast() {
    // Many lines, many watches, long runs of punctuation: no quadratic
    // blow-up (the whole test would time out otherwise).
    let many_lines = "WTS 126610LN 14.5k\n".repeat(4000);
    let dots = format!("5711 {} 5712 {} 14k", ". ".repeat(20_000), "- ".repeat(20_000));
    let prices = "5k 6k 7k $ € 8k - ".repeat(5000);
    for s in [many_lines.as_str(), dots.as_str(), prices.as_str()] {
        let t = std::time::Instant::now();
        assert_sane(s);
        assert!(t.elapsed().as_secs_f64() < 5.0, "too slow on {} bytes", s.len());
    }
}

#[test]
fn deal_types_and_sentiments_round_trip_their_stored_names() {
    for t in [DealType::ForSale, DealType::Wanted, DealType::Other] {
        assert_eq!(DealType::parse(t.as_str()), Some(t));
        assert_eq!(serde_json::to_value(t).unwrap(), t.as_str(), "the wire name is the stored name");
    }
    for s in [Sentiment::Motivated, Sentiment::Neutral, Sentiment::Firm] {
        assert_eq!(Sentiment::parse(s.as_str()), Some(s));
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
    assert_eq!(DealType::parse("sold"), None);
}
