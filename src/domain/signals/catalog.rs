//! The knowledge of the parser, as data: brands with aliases, model
//! families with aliases, reference-number grammars and reference →
//! model rules per brand, currencies, and the cue lexicon (deal type,
//! sentiment and price-role phrases).
//!
//! Conventions
//! - Aliases and cue phrases are written normalised: lower case ASCII
//!   words separated by single spaces, with hyphens/dots/slashes turned
//!   into spaces and apostrophes dropped ("gmt master ii", "whats").
//! - An alias may start with markers:
//!   `!` it only counts when its brand is otherwise evident in the message
//!   (by another alias or a reference), e.g. "!overseas", "!pilot";
//!   `~` a nickname/generic alias: it never overrides or splits a stated
//!   brand, e.g. "~pepsi", "~sub";
//!   `?` like `~` and also ambiguous (lowers confidence), e.g. "?panda";
//!   `^` (brand aliases) must be written in capitals in the message ("^tag").
//! - Grammars use the pattern syntax of `pattern.rs` and are matched
//!   against the reference upper-cased with spaces removed.
//!   `strong` grammars identify the brand alone; `known` ones need a
//!   reference→model rule of the brand to match (or the brand to be
//!   mentioned); `weak` ones need the brand to be mentioned; `weak_known`
//!   need both.
//! - Reference→model rules are prefix patterns tried in order (a leading
//!   `M` before digits, as in `M126610LN-0001`, is ignored). A model of
//!   `@` means "the reference head": `RM035-02` → `RM 035`.

use super::pattern::{first_set, len_bounds, literal_prefix_len};
use super::Sentiment;

pub(super) struct Grammar {
    pub pattern: &'static str,
    /// Bytes that can start a match, and the shortest/longest match
    /// (compile-time, from `pattern`).
    pub first: u128,
    pub min_len: usize,
    pub max_len: usize,
    pub needs_context: bool,
    pub needs_rule: bool,
    /// References the grammar must accept (checked by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub examples: &'static [&'static str],
}

pub(super) struct RefModel {
    pub pattern: &'static str,
    pub model: &'static str,
    /// Bytes that can start a match, and the literal text every match
    /// starts with (compile-time, from `pattern`).
    pub first: u128,
    pub literal: &'static str,
}

pub(super) struct Model {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

pub(super) struct Brand {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub models: &'static [Model],
    pub grammars: &'static [Grammar],
    pub ref_models: &'static [RefModel],
}

const fn strong(pattern: &'static str, examples: &'static [&'static str]) -> Grammar {
    Grammar {
        pattern,
        first: first_set(pattern),
        min_len: len_bounds(pattern).0,
        max_len: len_bounds(pattern).1,
        needs_context: false,
        needs_rule: false,
        examples,
    }
}
const fn known(pattern: &'static str, examples: &'static [&'static str]) -> Grammar {
    Grammar {
        pattern,
        first: first_set(pattern),
        min_len: len_bounds(pattern).0,
        max_len: len_bounds(pattern).1,
        needs_context: false,
        needs_rule: true,
        examples,
    }
}
const fn weak(pattern: &'static str, examples: &'static [&'static str]) -> Grammar {
    Grammar {
        pattern,
        first: first_set(pattern),
        min_len: len_bounds(pattern).0,
        max_len: len_bounds(pattern).1,
        needs_context: true,
        needs_rule: false,
        examples,
    }
}
const fn weak_known(pattern: &'static str, examples: &'static [&'static str]) -> Grammar {
    Grammar {
        pattern,
        first: first_set(pattern),
        min_len: len_bounds(pattern).0,
        max_len: len_bounds(pattern).1,
        needs_context: true,
        needs_rule: true,
        examples,
    }
}
const fn m(name: &'static str, aliases: &'static [&'static str]) -> Model {
    Model { name, aliases }
}
const fn r(pattern: &'static str, model: &'static str) -> RefModel {
    let (literal, _) = pattern.split_at(literal_prefix_len(pattern));
    RefModel { pattern, model, first: first_set(pattern), literal }
}
const fn brand(name: &'static str, aliases: &'static [&'static str], models: &'static [Model]) -> Brand {
    Brand { name, aliases, models, grammars: &[], ref_models: &[] }
}

#[rustfmt::skip]
pub(super) const BRANDS: &[Brand] = &[
    Brand {
        name: "Rolex",
        aliases: &["rolex", "rolly", "rollie", "rlx", "rollex", "rolexx", "roelx", "rolx", "rolec"],
        models: &[
            m("Submariner", &["submariner", "~sub", "~subby", "sub no date", "submariner no date", "no date sub", "nd sub", "sub nd", "subnd", "submariner nd", "no date submariner"]),
            m("Submariner Date", &["submariner date", "sub date", "subdate", "~hulk", "~kermit", "~starbucks", "~cermit", "~smurf", "~bluesy", "~bluesey"]),
            m("Daytona", &["daytona", "cosmograph", "cosmograph daytona", "zenith daytona", "daytona zenith", "?panda", "~le mans", "~john mayer", "~rainbow", "~paul newman"]),
            m("GMT-Master II", &["gmt master ii", "gmt master 2", "gmt master", "gmtmaster", "gmt ii", "gmt 2", "gmtii", "gmt2", "~gmt", "~pepsi", "~batman", "~batgirl", "~sprite", "~root beer", "~rootbeer", "~coke", "~bruce wayne", "~destro", "~lefty"]),
            m("Datejust", &["datejust", "~dj", "~wimbledon", "~wimby"]),
            m("Datejust 41", &["datejust 41", "dj41", "~dj 41", "datejust ii"]),
            m("Datejust 36", &["datejust 36", "dj36", "~dj 36"]),
            m("Datejust 31", &["datejust 31", "dj31", "~dj 31"]),
            m("Lady-Datejust", &["lady datejust", "lady dj", "datejust 28", "dj28"]),
            m("Day-Date", &["day date", "daydate", "~dd", "~president", "~presi", "~prezzie", "dd40", "dd36", "~dd 40", "~dd 36", "day date 40", "day date 36", "day date ii"]),
            m("Explorer", &["explorer", "explorer i", "explorer 1", "exp 1", "exp i"]),
            m("Explorer II", &["explorer ii", "explorer 2", "exp ii", "exp 2", "~polar"]),
            m("Sea-Dweller", &["sea dweller", "seadweller", "sd43", "~sd", "~sd 43"]),
            m("Deepsea", &["deepsea", "~deep sea", "dsssd", "deepsea challenge", "~james cameron", "~d blue"]),
            m("Yacht-Master", &["yacht master", "yachtmaster", "~ym", "ym40", "ym42", "ym37", "~ym 40", "~ym 42"]),
            m("Yacht-Master II", &["yacht master ii", "yachtmaster ii", "yacht master 2", "ym2", "ymii", "~ym ii"]),
            m("Sky-Dweller", &["sky dweller", "skydweller"]),
            m("Oyster Perpetual", &["oyster perpetual", "~op", "~celebration", "op36", "op41", "op39", "op34", "op31", "op28", "~op 36", "~op 41", "~op 39", "~op 34", "~op 31", "~op 28"]),
            m("Milgauss", &["milgauss"]),
            m("Air-King", &["air king", "airking"]),
            m("Cellini", &["cellini"]),
            m("1908", &["!1908", "perpetual 1908"]),
            m("Land-Dweller", &["land dweller", "landdweller"]),
            m("Pearlmaster", &["pearlmaster"]),
            m("Turn-O-Graph", &["turn o graph", "turnograph", "~thunderbird"]),
        ],
        grammars: &[
            strong(
                "M?d{6}(LN|LV|LB|BLRO|BLNR|CHNR|VTNR|GRNR|TBR|RBR|RBOW|SATS|SARU|SANR|SABR|SACO|SACI|BBR|DBR|TRD|BKSO|BKCD|NG|GV|SA|SN|NR|BR|G|A|M)(-d{4})?",
                &["126610LN", "126710BLRO", "M126610LN-0001", "116500LN", "126720VTNR", "126711CHNR", "116400GV", "116610LV"],
            ),
            known("M?d{6}(-d{4})?", &["124060", "126334", "228238", "226570", "336934", "126000", "M124060-0001"]),
            known("d{5}(LN|LV|LB|BLRO|BLNR|NG|G|A|M)", &["16610LN", "16710BLRO", "14060M", "16613LB"]),
            weak_known("d{5}", &["16610", "16520", "14060", "16570"]),
            weak_known("d{4}", &["1675", "5513", "1016", "6263", "1680"]),
        ],
        ref_models: &[
            r("1266(00|03|04)", "Sea-Dweller"),
            r("116600", "Sea-Dweller"),
            r("(16600|16660)a*$", "Sea-Dweller"),
            r("1665$", "Sea-Dweller"),
            r("(116660|126660|136660|126067)", "Deepsea"),
            r("(124060|114060)", "Submariner"),
            r("14060a*$", "Submariner"),
            r("(5513|5512|5514|5508|6538|6536|5517)$", "Submariner"),
            r("(1266|1166)(10|13|18|19)", "Submariner Date"),
            r("166(10|13|18|19)a*$", "Submariner Date"),
            r("168(00|03|08)a*$", "Submariner Date"),
            r("1680$", "Submariner Date"),
            r("(1265|1165)dd", "Daytona"),
            r("1652(0|3|8)a*$", "Daytona"),
            r("(6263|6265|6239|6240|6241|6262|6264)$", "Daytona"),
            r("(1267|1268|1167)dd", "GMT-Master II"),
            r("167(1|6)da*$", "GMT-Master II"),
            r("167(00|50|53|58)a*$", "GMT-Master"),
            r("(1675|6542)$", "GMT-Master"),
            r("(2266(27|58|59)|1266(21|22|55|59)|1166(21|22|55)|2686(21|22|55)|1686(22|23|28)|1696(22|23))", "Yacht-Master"),
            r("166(22|23|28)a*$", "Yacht-Master"),
            r("1166(80|81|88|89)", "Yacht-Master II"),
            r("(1263|1163)dd", "Datejust 41"),
            r("(1262|1162)dd", "Datejust 36"),
            r("16(01|03|20|22|23)da*$", "Datejust"),
            r("(1600|1601|1603)$", "Datejust"),
            r("(2782|1782)dd", "Datejust 31"),
            r("(6824|6827|7824|7827)da*$", "Datejust 31"),
            r("(2791|2792|2793|1791|1792|1793)dd", "Lady-Datejust"),
            r("(6917|7917|6916)da*$", "Lady-Datejust"),
            r("(2282|2283|2182|2183|1282|1283|1182|1183)dd", "Day-Date"),
            r("18(0|1|2|3|9)dda*$", "Day-Date"),
            r("(1803|1802|1807|6611)$", "Day-Date"),
            r("(2242|2142|1242|1142)7d", "Explorer"),
            r("14270a*$", "Explorer"),
            r("(1016|6610)$", "Explorer"),
            r("(2265|2165)70", "Explorer II"),
            r("(16570|16550)a*$", "Explorer II"),
            r("1655$", "Explorer II"),
            r("3(2|3)6(1|2|3|9)dd", "Sky-Dweller"),
            r("(126000|124300|124200|134300|277200|276200|116000|114300|114200|115200|177200|176200)", "Oyster Perpetual"),
            r("(14203|14233)a*$", "Oyster Perpetual"),
            r("(1002|1005|1500|1003)$", "Oyster Perpetual"),
            r("116400", "Milgauss"),
            r("(6541|1019)$", "Milgauss"),
            r("(126900|116900)", "Air-King"),
            r("(14000|14010)a*$", "Air-King"),
            r("5500$", "Air-King"),
            r("505dda*$", "Cellini"),
            r("5250da*$", "1908"),
            r("127(2|3)dd", "Land-Dweller"),
        ],
    },
    Brand {
        name: "Patek Philippe",
        aliases: &["patek philippe", "patek", "patek phillipe", "patek philipe", "patek phillippe", "patek phillip", "pateck", "!pp", "ppc"],
        models: &[
            m("Nautilus", &["nautilus", "naut", "nauti", "nautilis", "nautilius", "nautilus travel time"]),
            m("Aquanaut", &["aquanaut", "aqua naut", "aquanaut travel time"]),
            m("Calatrava", &["calatrava", "cala", "calatrava pilot"]),
            m("Grand Complications", &["grand complications", "grand complication"]),
            m("Complications", &["!complications", "!complication", "!world time", "!worldtime", "!annual calendar"]),
            m("Twenty~4", &["!twenty 4", "twenty4", "!twenty four"]),
            m("Gondolo", &["gondolo"]),
            m("Golden Ellipse", &["golden ellipse", "!ellipse"]),
            m("Cubitus", &["cubitus"]),
        ],
        grammars: &[
            strong("dddd/d{1,4}(AR|GR|RG|AG|A|G|R|J|P|T|S|W|I|X)-ddd", &["5711/1A-010", "5990/1A-011", "7118/1200R-001", "5726/1A-014"]),
            // Four digits (3xxx-7xxx) and a metal letter are Patek's own shape,
            // whether or not the rules know the number yet.
            strong("(3|4|5|6|7)ddd(/d{1,4})?(AR|GR|RG|AG|A|G|R|J|P)(-ddd)?", &["5961P", "5224R-001", "7140G", "5059J", "5167A"]),
            known("dddd(/d{1,4})?(AR|GR|RG|AG|A|G|R|J|P|T|S|W|I|X|E)(-ddd)?", &["3970E", "5167A", "5726/1A", "5712/1R", "5711/1A", "5167A-001", "5270P", "5980/1AR"]),
            // The best-known four-digit references stand on their own.
            known("(5711|5712|5726|5980|5990|5811|5167|5168|5164|5968|7118|5270|5320|5396|5205|5146|5524|5905|5930|5227|6119|5960|5950)", &["5711", "5167"]),
            weak_known("dddd", &["5711", "5167", "3940"]),
        ],
        ref_models: &[
            r("(5711|5712|5726|5740|5980|5990|7118|7010|5811|3700|3800|3710|3711|3712|5800|5719|5724|7011|4700|5976|5724)", "Nautilus"),
            r("(5167|5168|5164|5968|5267|5269|5065|5066|5067|5060|4960|5261|5650|5260|5268|5062|5087|5069|5072)", "Aquanaut"),
            r("(5196|5227|5119|6119|5296|5153|5226|5116|3919|3796|3520|5107|5120|5123|5127|5022|6007|5212|5524|5522|5196|5297|6006|5088|4897|5224|5226|6000|6006)", "Calatrava"),
            r("(5059|5050|7140|4948|5270|5320|5327|5140|5940|5970|5971|5004|5208|5370|5204|6002|6300|5160|5175|5078|5074|5016|5159|5213|5316|5236|3940|3970|5039|6104|5002|5216|6301|5271|5372|5374|5950|5959|6102|5102|5207|5496|5097|5039)", "Grand Complications"),
            r("(5961|7121|4968|5905|5930|5935|5205|5396|5146|5960|5230|5231|5172|5170|5070|5131|5110|5130|5326|4947|5147|5035|5036|5146|5235|5905|7130|4936|4937|5990|5330|5520|5225|4997)", "Complications"),
            r("(4910|7300|4920|7330)", "Twenty~4"),
            r("(5124|5109|5111|5014|5098|4972|7041|7099|5200|5188|4973)", "Gondolo"),
            r("(5738|3738|3748)", "Golden Ellipse"),
            r("(5821|5822|4821)", "Cubitus"),
        ],
    },
    Brand {
        name: "Audemars Piguet",
        aliases: &["audemars piguet", "audemars", "ap", "audemar piguet", "audemars pigeut", "audemar", "audermars", "audemards", "audemers"],
        models: &[
            m("Royal Oak", &["royal oak", "ro", "ropc", "ro pc", "royaloak", "royal oak jumbo", "ro jumbo", "!jumbo", "royal oak extra thin", "royal oak selfwinding", "royal oak perpetual calendar"]),
            m("Royal Oak Offshore", &["royal oak offshore", "roo", "!offshore", "royal oak offshore diver", "roo diver", "roo chrono", "offshore diver"]),
            m("Royal Oak Chronograph", &["royal oak chronograph", "royal oak chrono", "roc", "ro chrono", "ro chronograph"]),
            m("Royal Oak Concept", &["royal oak concept", "!concept"]),
            m("Code 11.59", &["code 11 59", "code 1159", "!code"]),
            m("Millenary", &["millenary"]),
            m("Jules Audemars", &["jules audemars"]),
        ],
        grammars: &[
            strong(
                "d{5}(ST|OR|BA|BC|PT|TI|CE|IO|SR|SG|SA|SO|CR|NB|NR|OI|TT|IP|OO|BG|QT|OP|OX|RO|RS|CB)(.x{2}.x{4,6}.x{2})?",
                &["15500ST.OO.1220ST.01", "15500ST", "26331ST", "15202ST", "26470ST.OO.A027CA.01", "15202ST.OO.1240ST.01"],
            ),
            weak_known("d{5}", &["15500", "15202", "26331"]),
            // Vintage four-digit Royal Oaks ("5402ST", "4100ST").
            known("(5402|4100|5548|5559|5572)(ST|BA|SA|BC|OR)", &["5402ST", "4100ST"]),
        ],
        ref_models: &[
            r("(15210|26393|26394|26395|26396|15211|15212|26397|26398|15220)", "Code 11.59"),
            r("(26331|26240|26320|26300|26715|26315|26239|26022|26332)", "Royal Oak Chronograph"),
            r("(2647|2640|2642|2641|2658|2648|2590)d", "Royal Oak Offshore"),
            r("(15710|15720|15703|26703|15707|26238|26480|26405|26401|15706|26420|15711|26568)", "Royal Oak Offshore"),
            r("(26589|26630|26223|26587|26580|26620)", "Royal Oak Concept"),
            r("(152|153|154|155|156|162|148|147|143|150|151|157|773|774|673|265|261|260|262|263|267|168)dd", "Royal Oak"),
            r("(5402|4100|5548|5559|5572)", "Royal Oak"),
            r("(676|671)", "Royal Oak"),
        ],
    },
    Brand {
        name: "Vacheron Constantin",
        aliases: &["vacheron constantin", "vacheron", "vc", "vacheron constantine", "vacheron and constantin", "vacheron constatin", "vacherone", "vacheron konstantin"],
        models: &[
            m("Overseas", &["!overseas"]),
            m("Patrimony", &["patrimony"]),
            m("Traditionnelle", &["traditionnelle", "traditionelle"]),
            m("FiftySix", &["fiftysix", "fifty six"]),
            m("Historiques", &["historiques", "historique", "!222", "american 1921"]),
            m("Égérie", &["egerie"]),
            m("Quai de l'Ile", &["quai de l ile", "quai de lile"]),
        ],
        grammars: &[
            strong("d{4}(V|U|T|S|E|H|A|J|R|G)/d{3}a-a?d{3,4}", &["4500V/110A-B128", "4520V/210R-B705", "2000V/120G-B122", "5500V/110A-B148"]),
            strong("d{5}/x{3,4}-d{4}", &["85180/000G-9230", "47040/B01A-9093"]),
            known("d{4}(V|U|T|S|E|H)(/d{3}a)?", &["4500V", "4500V/110A", "5500V", "4600E"]),
        ],
        ref_models: &[
            r("(4500|5500|7900|2000|4520|4300|6000|7920|5520|7500|4200|6500)V", "Overseas"),
            r("(47040|47450|49150|42042|49020|47660)", "Overseas"),
            r("ddddE", "FiftySix"),
            r("ddddU", "Patrimony"),
            r("(85180|81180|43175|81578|86073)", "Patrimony"),
            r("ddddT", "Traditionnelle"),
            r("(82172|82572|83172|87172)", "Traditionnelle"),
            r("dddd(H|S)", "Historiques"),
        ],
    },
    Brand {
        name: "A. Lange & Söhne",
        aliases: &["a lange sohne", "a lange soehne", "a lange und sohne", "lange sohne", "lange soehne", "lange und sohne", "a lange", "alange", "lange", "als"],
        models: &[
            m("Lange 1", &["lange 1", "lange one", "lange1"]),
            m("Grand Lange 1", &["grand lange 1", "grand lange one"]),
            m("Little Lange 1", &["little lange 1"]),
            m("Datograph", &["datograph"]),
            m("Zeitwerk", &["zeitwerk"]),
            m("Saxonia", &["saxonia"]),
            m("1815", &["!1815"]),
            m("Odysseus", &["odysseus"]),
            m("Richard Lange", &["richard lange"]),
            m("Triple Split", &["triple split"]),
            m("Langematik", &["langematik"]),
        ],
        grammars: &[weak("ddd.ddd(a)?", &["191.032", "403.035", "363.179"])],
        ref_models: &[
            r("(101|110|109|116|191|192|320|181)", "Lange 1"),
            r("(115|117|135|137|139)", "Grand Lange 1"),
            r("(403|405|410)", "Datograph"),
            r("(140|142|143|145|147|148)", "Zeitwerk"),
            r("(219|216|211|380|381|384|201)", "Saxonia"),
            r("(233|235|236|238|234|206|297)", "1815"),
            r("363", "Odysseus"),
            r("(232|252|260)", "Richard Lange"),
        ],
    },
    Brand {
        name: "Jaeger-LeCoultre",
        aliases: &["jaeger lecoultre", "jaeger le coultre", "jaeger", "jlc", "lecoultre", "le coultre", "jaegar lecoultre", "jeager", "jaegar", "lecoulte", "lecoulter"],
        models: &[
            m("Reverso", &["reverso", "reverso tribute", "reverso classic"]),
            m("Master Ultra Thin", &["master ultra thin", "mut", "master ultra thin moon"]),
            m("Master Control", &["master control"]),
            m("Master Compressor", &["master compressor"]),
            m("Polaris", &["polaris"]),
            m("Rendez-Vous", &["rendez vous", "rendezvous"]),
            m("Geophysic", &["geophysic"]),
            m("Duomètre", &["duometre"]),
            m("Memovox", &["memovox"]),
        ],
        grammars: &[strong("Qd{6}(d|a)", &["Q1368470", "Q3858520", "Q9008180", "Q397846J"])],
        ref_models: &[
            r("Q90", "Polaris"),
            r("Q34", "Rendez-Vous"),
            r("Q(2|3|7)", "Reverso"),
            r("Q1(2|3)", "Master Ultra Thin"),
            r("Q(1|4)", "Master Control"),
            r("Q8", "Geophysic"),
        ],
    },
    Brand {
        name: "Richard Mille",
        aliases: &["richard mille", "rm", "richard mill", "richard miles", "richard mil", "richard milles"],
        models: &[],
        grammars: &[strong("RM-?d{2,3}(-d{2})?(a{1,4})?", &["RM035-02", "RM11-03", "RM011", "RM67-01", "RM055", "RM-010"])],
        ref_models: &[r("RM", "@")],
    },
    Brand {
        name: "Omega",
        aliases: &["omega", "omgea", "omaga", "omege"],
        models: &[
            m("Speedmaster", &["speedmaster", "speedy", "moonwatch", "speedmaster moonwatch", "speedmaster professional", "speedy pro", "speedmaster pro", "speedmaster moonwatch professional", "dark side of the moon", "~snoopy", "~silver snoopy"]),
            m("Seamaster", &["seamaster", "seamaster 300m", "seamaster 300", "seamaster diver 300m", "diver 300m", "diver 300", "smp", "planet ocean", "seamaster planet ocean", "aqua terra", "seamaster aqua terra", "railmaster", "ploprof", "seamaster diver"]),
            m("Constellation", &["constellation", "connie"]),
            m("De Ville", &["de ville", "deville"]),
            m("Globemaster", &["globemaster"]),
        ],
        grammars: &[
            strong("ddd.dd.dd.dd.dd.ddd", &["310.30.42.50.01.001", "210.30.42.20.01.010", "311.30.42.30.01.005"]),
            weak_known("dddd.dd(.dd)?", &["3570.50", "2531.80", "3570.50.00"]),
            weak_known("(1|2)dd.ddd(-dd)?", &["145.022", "145.022-69", "165.024"]),
        ],
        ref_models: &[
            r("(304|310|311|321|324|326|327|329|332|3510|3570|3573|3590|3750|3520|3220|3539|145.|105.)", "Speedmaster"),
            r("(210|212|215|220|231|232|233|234|522|2531|2541|2254|2265|2220|2500|2551|2200|2222|2210|2290|165.|166.|168.)", "Seamaster"),
            r("(123|131|130|1(1|2)(1|2)(1|2))", "Constellation"),
            r("(424|425|434|435|431)", "De Ville"),
            r("(130|1300)", "Globemaster"),
        ],
    },
    Brand {
        name: "Tudor",
        aliases: &["tudor", "tudors", "tudur", "tuder"],
        models: &[
            m("Black Bay 58", &["black bay 58", "black bay fifty eight", "bb58", "!bb 58", "black bay 58 gmt", "bb58 gmt"]),
            m("Black Bay 54", &["black bay 54", "bb54", "!bb 54"]),
            m("Black Bay GMT", &["black bay gmt", "!bb gmt", "bbgmt"]),
            m("Black Bay Pro", &["black bay pro", "!bb pro", "bbpro"]),
            m("Black Bay Chrono", &["black bay chrono", "!bb chrono", "black bay chronograph"]),
            m("Black Bay", &["black bay", "!bb", "bb41", "!bb 41", "bb36", "!bb 36", "black bay 41", "black bay 36", "black bay 39"]),
            m("Pelagos", &["pelagos", "pelagos 39", "pelagos fxd", "pelagos lhd"]),
            m("Ranger", &["!ranger"]),
            m("Royal", &["!royal"]),
            m("1926", &["!1926"]),
            m("Heritage Chrono", &["heritage chrono"]),
            m("North Flag", &["north flag"]),
        ],
        grammars: &[
            known("M?d{5}(N|B|R|G|V|M|TB|TN|RB|SG|BK|AN|DB|BM|BN|BB)(-d{4})?", &["79250BM", "M79012M-0001", "79030N", "25600TB", "M79030N-0001", "79830RB", "79230R"]),
            known("M?d{5}-d{4}", &["M79030-0001"]),
            known("M?d{4}a(x){4,8}(-d{4})?", &["M7939G1A0NRU-0001", "7941A1A0RU"]),
            weak_known("d{5}", &["79030", "25600"]),
        ],
        ref_models: &[
            r("79(03|01|01|02)d", "Black Bay 58"),
            r("7939", "Black Bay 58"),
            r("7900d", "Black Bay 54"),
            r("7983d", "Black Bay GMT"),
            r("7947d", "Black Bay Pro"),
            r("7936d", "Black Bay Chrono"),
            r("79(22|23|25|26|54|50|60|73)d", "Black Bay"),
            r("794(1|3)", "Black Bay"),
            r("25(60|50|61|64|70|71|40)d", "Pelagos"),
            r("28(3|4|5|6)dd", "Royal"),
            r("7995d", "Ranger"),
            r("91(65|45|55|35)d", "1926"),
            r("7033d", "Heritage Chrono"),
            r("9121d", "North Flag"),
        ],
    },
    Brand {
        name: "Cartier",
        aliases: &["cartier"],
        models: &[
            m("Santos", &["santos", "santos medium", "santos large", "santos de cartier", "santos 100", "santos galbee"]),
            m("Santos-Dumont", &["santos dumont"]),
            m("Tank", &["tank", "tank must", "tank louis", "tank louis cartier", "tank francaise", "tank americaine", "tank solo", "tank anglaise", "tank must large", "tank cintree"]),
            m("Ballon Bleu", &["ballon bleu", "!bb"]),
            m("Panthère", &["panthere", "!panther", "panthere de cartier"]),
            m("Pasha", &["pasha"]),
            m("Drive", &["!drive", "drive de cartier"]),
            m("Clé", &["!cle", "cle de cartier"]),
            m("Ronde", &["ronde", "ronde solo", "ronde must"]),
            m("Calibre", &["calibre de cartier"]),
            m("Crash", &["!crash"]),
            m("Baignoire", &["baignoire"]),
            m("Tortue", &["tortue"]),
        ],
        grammars: &[
            strong("(CR)?W(a|d)a{2}d{4}", &["WSSA0018", "WGSA0030", "WSTA0041", "WSSA0029", "CRWSSA0030", "W2SA0009"]),
            strong("(CR)?Wd{5}x{2}", &["W6920100", "W69012Z4", "W20073X8"]),
        ],
        ref_models: &[
            r("(CR)?WxSA", "Santos"),
            r("(CR)?WxTA", "Tank"),
            r("(CR)?WxBB", "Ballon Bleu"),
            r("(CR)?WxPN", "Panthère"),
            r("(CR)?WxNM", "Drive"),
            r("(CR)?WxCL", "Clé"),
            r("(CR)?WxPA", "Pasha"),
            r("(CR)?WxRN", "Ronde"),
            r("(CR)?WxCA", "Calibre"),
            r("(CR)?W69", "Ballon Bleu"),
            r("(CR)?W20", "Santos"),
            r("(CR)?W5(1|2)", "Tank"),
        ],
    },
    Brand {
        name: "IWC",
        aliases: &["iwc", "iwc schaffhausen", "international watch co", "international watch company"],
        models: &[
            m("Portugieser", &["portugieser", "portuguese", "portugese", "portugeiser", "portugieser chronograph", "portuguese chronograph"]),
            m("Big Pilot", &["big pilot", "big pilots", "big pilots watch"]),
            m("Pilot", &["!pilot", "!pilots", "!pilots watch", "mark xviii", "mark xx", "top gun", "spitfire", "pilot chronograph", "pilots chronograph"]),
            m("Portofino", &["portofino"]),
            m("Ingenieur", &["ingenieur"]),
            m("Aquatimer", &["aquatimer"]),
            m("Da Vinci", &["da vinci"]),
        ],
        grammars: &[
            strong("IWd{6}", &["IW371605", "IW500710", "IW328201", "IW377709"]),
            strong("IWd{4}-d{2}", &["IW3716-05"]),
            weak("d{4}-d{2}", &["3716-05"]),
        ],
        ref_models: &[
            r("(IW)?(3716|3714|3903|5007|5001|5033|5034|5035|5032|3581|3583|5454|3716|3717|3902)", "Portugieser"),
            r("(IW)?(5010|5012|5002|5009|5004|3293|5016|5020|5014|5019)", "Big Pilot"),
            r("(IW)?(3270|3282|3277|3777|3780|3881|3888|3268|3264|3263|3269|3240|3887|3882|3889)", "Pilot"),
            r("(IW)?(3289|3239|3570|3234|3236|3238|3243|3900)", "Ingenieur"),
            r("(IW)?(3290|3768|3292|3291|3790)", "Aquatimer"),
            r("(IW)?(3565|3591|3566|4581|3562|3564)", "Portofino"),
            r("(IW)?(3931|3933|4583)", "Da Vinci"),
        ],
    },
    Brand {
        name: "Panerai",
        aliases: &["panerai", "officine panerai", "!pam", "panny", "pannerai", "panarai", "panerei", "paneri", "panarei"],
        models: &[
            m("Luminor", &["luminor", "luminor marina", "luminor 1950", "luminor due", "luminor gmt", "luminor base", "luminor chrono"]),
            m("Radiomir", &["radiomir", "radiomir 1940"]),
            m("Submersible", &["submersible", "luminor submersible"]),
        ],
        grammars: &[strong("PAM-?d{3,5}", &["PAM01312", "PAM1312", "PAM00111", "PAM111"])],
        ref_models: &[
            r("PAM-?0*(1312|1313|1314|111|112|1359|1084|1085|372|422|233|104|48|1392|777|1116|1117|1661|1662|1663|49|1048|510|90|318|312|320|321|564|1086|1351|1316|674|943|1045|1046|1047|906|1043|1247|1533|1537|5|1)$", "Luminor"),
            r("PAM-?0*(183|210|380|512|1572|619|62|287|690|587|992|1293|1294|1386|1144|1333|1334|1335)$", "Radiomir"),
            r("PAM-?0*(24|683|1305|973|959|1389|305|1209|1223|682|1055|2389|1228|1229|799|984|1616|25|1068)$", "Submersible"),
        ],
    },
    Brand {
        name: "Breitling",
        aliases: &["breitling", "breitlng", "brietling", "breitiling", "bretling", "breitlin"],
        models: &[
            m("Navitimer", &["navitimer", "navitimer b01", "navi", "navitimer 01", "navitimer 8", "navitimer b01 chronograph"]),
            m("Chronomat", &["chronomat", "chronomat b01"]),
            m("Superocean", &["superocean", "super ocean"]),
            m("Superocean Heritage", &["superocean heritage", "super ocean heritage", "soh"]),
            m("Avenger", &["avenger"]),
            m("Aerospace", &["aerospace"]),
            m("Transocean", &["transocean"]),
            m("Premier", &["!premier"]),
            m("Top Time", &["top time"]),
            m("Colt", &["!colt"]),
            m("Emergency", &["!emergency"]),
            m("Endurance Pro", &["endurance pro"]),
        ],
        grammars: &[
            strong("a{1,2}d{5}x{5,8}", &["AB0138241B1P1", "AB0138211B1A1", "A17326211B1A1", "A17367D71C1S1", "UB0134101B1P1"]),
            known("a{1,2}d{4,5}", &["AB0138", "A17375", "A13385"]),
        ],
        ref_models: &[
            r("(A|U|R|P|E|N|I)B013(4|6)", "Chronomat"),
            r("(A|U|R|P|E|N|I)B01(2|3)", "Navitimer"),
            r("A2332", "Navitimer"),
            r("(A|U|E|M)173(6|7|8)", "Superocean"),
            r("(A|U)B?173(1|2)", "Superocean Heritage"),
            r("(A|AB|U)203(1|2)", "Superocean Heritage"),
            r("A133(8|1|7)", "Avenger"),
            r("AB01(18|45)", "Premier"),
        ],
    },
    Brand {
        name: "Hublot",
        aliases: &["hublot", "hublott", "hubolt", "hublo"],
        models: &[
            m("Big Bang", &["big bang", "!bb", "big bang unico", "unico", "bigbang", "big bang integral", "big bang integrated"]),
            m("Classic Fusion", &["classic fusion"]),
            m("Spirit of Big Bang", &["spirit of big bang"]),
            m("Square Bang", &["square bang"]),
        ],
        grammars: &[strong("ddd.x{2}.x{4}.x{2}(.x{4})?", &["411.NX.1170.RX", "542.NX.1171.RX", "601.OX.0183.LR", "521.NX.1171.RX.1704"])],
        ref_models: &[r("(3|4|7)", "Big Bang"), r("(5|1)", "Classic Fusion"), r("6", "Spirit of Big Bang")],
    },
    Brand {
        name: "Zenith",
        aliases: &["zenith"],
        models: &[
            m("Chronomaster", &["chronomaster", "chronomaster sport", "chronomaster original", "chronomaster revival"]),
            m("El Primero", &["el primero"]),
            m("Defy", &["!defy", "defy skyline", "defy extreme", "defy 21"]),
            m("Pilot", &["!pilot", "!pilot type 20"]),
            m("Elite", &["!elite"]),
        ],
        grammars: &[
            strong("dd.x{3,4}.x{3,4}/x{2}.x{3,6}", &["03.2040.4061/69.C496", "03.3100.3600/69.M3100", "95.9000.670/78.M9000"]),
            weak("dd.x{3,4}.x{3,4}", &["03.3100.3600"]),
        ],
        ref_models: &[
            r("03.3(1|2|3|4)00", "Chronomaster"),
            r("(03|16).(2040|2150|2160|2080|A38|2270)", "Chronomaster"),
            r("(03|95|97|87|49).9", "Defy"),
            r("(03|11|49).(1940|2430|2410)", "Pilot"),
        ],
    },
    Brand {
        name: "TAG Heuer",
        aliases: &["tag heuer", "^tag", "heuer", "tagheuer", "tag hauer", "tag heur", "tagheur"],
        models: &[
            m("Monaco", &["!monaco"]),
            m("Carrera", &["!carrera"]),
            m("Aquaracer", &["aquaracer"]),
            m("Formula 1", &["!formula 1", "!f1"]),
            m("Autavia", &["autavia"]),
            m("Link", &["!link"]),
        ],
        grammars: &[strong(
            "(CAW|CBL|CBN|CBK|CAR|CBS|CBM|CAZ|CBG|CBE|CAV|CAU|CAH|CAF|CV2|WAY|WBP|WAK|WAJ|WBD|WAZ|WBN|WAR|WBC|WAT|WAV|WBE|CBC|CAQ|CAS|CBF|WBK|CAP|WBB|WBF|CBU|WAF)x{3,4}(.a{2}d{4})?",
            &["CBL2111.FC6453", "CAW211P.FC6356", "WAY201A.BA0927", "CBN2A1B.BA0643", "CBL2111"],
        )],
        ref_models: &[
            r("(CAW|CBL)", "Monaco"),
            r("(WAY|WBP|WAK|WAJ|WBD|WAP|WAF)", "Aquaracer"),
            r("(CAZ|WAZ)", "Formula 1"),
            r("(CBN|CBK|CAR|CBS|CBM|WBN|WAR|CV2|CBG|CAS|CBU|WAS)", "Carrera"),
            r("(CBE|CAV|WBE)", "Autavia"),
            r("(WBC|CBC|WAT|WJF|CAT)", "Link"),
        ],
    },
    Brand {
        name: "Chopard",
        aliases: &["chopard"],
        models: &[
            m("Alpine Eagle", &["alpine eagle"]),
            m("Happy Sport", &["happy sport"]),
            m("L.U.C", &["l u c", "luc"]),
            m("Mille Miglia", &["mille miglia"]),
            m("Happy Diamonds", &["happy diamonds"]),
        ],
        grammars: &[strong("d{6}-d{4}", &["298600-3001", "168544-3001", "278573-3001"])],
        ref_models: &[r("29(86|95|56)", "Alpine Eagle"), r("27(8|4)", "Happy Sport"), r("16", "L.U.C")],
    },
    Brand {
        name: "Piaget",
        aliases: &["piaget"],
        models: &[
            m("Polo", &["!polo", "piaget polo", "polo s", "polo skeleton"]),
            m("Altiplano", &["altiplano"]),
            m("Possession", &["!possession"]),
            m("Limelight", &["limelight"]),
        ],
        grammars: &[strong("G(0|O)Ad{5}", &["G0A41001", "G0A43001", "G0A29112"])],
        ref_models: &[r("G(0|O)A4", "Polo"), r("G(0|O)A(2|3)", "Altiplano")],
    },
    Brand {
        name: "Blancpain",
        aliases: &["blancpain", "blanpain", "blancpian", "blancpan"],
        models: &[
            m("Fifty Fathoms", &["fifty fathoms", "!ff", "mil spec", "bathyscaphe", "fifty fathoms bathyscaphe"]),
            m("Villeret", &["villeret"]),
            m("Air Command", &["air command"]),
            m("Ladybird", &["ladybird"]),
        ],
        grammars: &[
            strong("d{4}(a|d)?-x{4,5}-a?d{2}a", &["5015-1130-52A", "5000-0130-B52A", "6654-3640-55B", "5015-12B30-B52A"]),
            strong("AC-?d{2}-x{4,5}-x{3,4}", &["AC01-1130-63A"]),
            weak("d{4}-d{4}-d{2}", &["5015-1130-52"]),
        ],
        ref_models: &[r("5(0|1|2)", "Fifty Fathoms"), r("6(0|1|5|6|7)", "Villeret"), r("AC", "Air Command")],
    },
    Brand {
        name: "Breguet",
        aliases: &["breguet"],
        models: &[
            m("Classique", &["classique"]),
            m("Marine", &["!marine"]),
            m("Type XX", &["type xx", "type 20", "type xxi", "type xxii"]),
            m("Tradition", &["!tradition"]),
            m("Reine de Naples", &["reine de naples"]),
        ],
        grammars: &[
            strong("d{4}(BA|BR|BB|BG|PT|ST|TI|BH)/x{2}/x{3,4}", &["5177BA/29/9V6", "5517BR/Y1/5ZU"]),
            known("d{4}(BA|BR|BB|BG|PT|ST|TI|BH)", &["5177BA", "7027BR", "3810ST"]),
        ],
        ref_models: &[
            r("(5177|5140|5157|7137|7337|5327|5907|3137|5277|5717|7147|7145|5967|5207|7787)", "Classique"),
            r("(5517|5527|5547|5817|5887|5837|5847|5857|5827|5557)", "Marine"),
            r("(3810|3817|3820|3880|2057|2067|3800|5820|3860|2077)", "Type XX"),
            r("(7057|7097|7047|7077|7087|7038|7027|7067)", "Tradition"),
            r("(8918|8908|8928|8967|8938)", "Reine de Naples"),
        ],
    },
    Brand {
        name: "F.P. Journe",
        aliases: &["f p journe", "fp journe", "fpj", "journe", "francois paul journe", "fpjourne"],
        models: &[
            m("Chronomètre Bleu", &["chronometre bleu", "chronometer bleu", "!cb"]),
            m("Chronomètre Résonance", &["chronometre resonance", "chronometre a resonance", "!resonance"]),
            m("Chronomètre Optimum", &["chronometre optimum", "!optimum"]),
            m("Chronomètre Souverain", &["chronometre souverain", "!souverain"]),
            m("Octa", &["!octa", "octa lune", "octa automatique", "octa divine", "octa reserve"]),
            m("Centigraphe", &["centigraphe"]),
            m("Tourbillon Souverain", &["tourbillon souverain"]),
            m("Élégante", &["!elegante"]),
            m("LineSport", &["linesport", "line sport"]),
            m("Vagabondage", &["vagabondage"]),
        ],
        grammars: &[],
        ref_models: &[],
    },
    Brand {
        name: "H. Moser & Cie.",
        aliases: &["h moser", "h moser cie", "moser", "moser cie", "moser and cie", "h moser and cie", "hmoser"],
        models: &[
            m("Endeavour", &["!endeavour"]),
            m("Streamliner", &["streamliner"]),
            m("Pioneer", &["!pioneer"]),
            m("Venturer", &["venturer"]),
        ],
        grammars: &[weak("d{4}-d{4}", &["1200-0210"])],
        ref_models: &[r("(62|6)", "Streamliner"), r("(12|13|1343|1346|1348)", "Endeavour"), r("32", "Pioneer")],
    },
    Brand {
        name: "MB&F",
        aliases: &["mb f", "mbf", "mb and f", "mbandf"],
        models: &[
            m("Legacy Machine", &["legacy machine", "lmx", "lm se", "lm1", "lm2", "lm101", "lm perpetual", "lm split escapement", "lm sequential flyback", "lm flying t", "lm thunderdome", "lm sequential"]),
            m("Horological Machine", &["horological machine", "hm3", "hm4", "hm5", "hm6", "hm7", "hm8", "hm9", "hm10", "hm11"]),
        ],
        grammars: &[],
        ref_models: &[],
    },
    Brand {
        name: "Grand Seiko",
        aliases: &["grand seiko", "gs", "grandseiko", "grand seko", "grand siko"],
        models: &[
            m("Snowflake", &["snowflake", "snow flake"]),
            m("White Birch", &["white birch"]),
            m("Shunbun", &["shunbun"]),
            m("Heritage", &["!heritage"]),
            m("Evolution 9", &["evolution 9", "evo 9"]),
            m("Elegance", &["!elegance"]),
        ],
        grammars: &[strong("S(B|L|T)Gad{3}(G|J)?", &["SBGA211", "SLGH005", "SBGJ201", "SBGW231", "SBGA211G", "SLGH005J"])],
        ref_models: &[
            r("SBGA(211|011)(G|J)?$", "Snowflake"),
            r("SLGH005(G|J)?$", "White Birch"),
            r("SBGA413(G|J)?$", "Shunbun"),
            r("SLG", "Evolution 9"),
        ],
    },
    Brand {
        name: "Seiko",
        aliases: &["seiko"],
        models: &[
            m("Prospex", &["prospex"]),
            m("Presage", &["presage"]),
            m("Alpinist", &["alpinist"]),
            m("Turtle", &["!turtle"]),
            m("Samurai", &["!samurai"]),
            m("Tuna", &["!tuna"]),
            m("SKX", &["skx"]),
            m("Seiko 5", &["seiko 5", "5 sports", "seiko 5 sports"]),
            m("Marinemaster", &["marinemaster", "mm300"]),
            m("Astron", &["astron"]),
            m("King Seiko", &["king seiko"]),
        ],
        grammars: &[strong(
            "S(PB|RP|KX|BD|LA|NK|SC|BP|RQ|JE|NE|UR|KA|BS|AR|ZS|DC|BE|NZ|XD|RB|RE|FE|NA|TK|GF|CK|JC|JA)a?d{2,3}(a{1,2}d?)?",
            &["SKX007K", "SRPD55K1", "SBDC101", "SPB143J1", "SARB017", "SNK809", "SLA017"],
        )],
        ref_models: &[
            r("SKX", "SKX"),
            r("SRP(D|E|K)", "Seiko 5"),
            r("SNK", "Seiko 5"),
            r("SARB017", "Alpinist"),
            r("SPB(117|121|155|156|197|199|209|241|243)", "Alpinist"),
            r("(SBDC|SLA|SPB|SBDX|SBBN|SBDY)", "Prospex"),
            r("(SRPB|SARY|SPB|SSA|SARX)", "Presage"),
        ],
    },
    Brand {
        name: "Longines",
        aliases: &["longines"],
        models: &[
            m("HydroConquest", &["hydroconquest", "hydro conquest"]),
            m("Master Collection", &["master collection"]),
            m("Spirit", &["!spirit", "spirit zulu time", "!zulu time"]),
            m("Avigation", &["avigation"]),
            m("Legend Diver", &["legend diver"]),
            m("Conquest", &["!conquest"]),
            m("Heritage", &["!heritage"]),
            m("Ultra-Chron", &["ultra chron"]),
            m("DolceVita", &["dolcevita", "dolce vita"]),
        ],
        grammars: &[strong("Ld.d{3}.d.d{2}.d", &["L3.781.4.96.6", "L2.793.4.92.6", "L3.774.4.93.6"])],
        ref_models: &[
            r("L3.7(81|82|83|90|40|41|42)", "HydroConquest"),
            r("L3.(774|764)", "Legend Diver"),
            r("L3.(810|811|820|802|803|812)", "Spirit"),
            r("L2.(793|628|673|909|755|518|893)", "Master Collection"),
            r("L3.(830|835|836)", "Conquest"),
        ],
    },
    Brand {
        name: "Bulgari",
        aliases: &["bulgari", "bvlgari", "bulgary"],
        models: &[
            m("Octo Finissimo", &["octo finissimo", "finissimo"]),
            m("Octo", &["octo roma", "!octo", "octo l originale"]),
            m("Serpenti", &["serpenti"]),
            m("Aluminium", &["!aluminium"]),
            m("Bulgari Bulgari", &["bulgari bulgari", "bvlgari bvlgari"]),
            m("Diagono", &["diagono"]),
        ],
        grammars: &[weak("10d{4}", &["103011", "102713"])],
        ref_models: &[],
    },
    Brand {
        name: "Girard-Perregaux",
        aliases: &["girard perregaux", "girard", "gp", "perregaux"],
        models: &[
            m("Laureato", &["laureato"]),
            m("1966", &["!1966"]),
            m("Vintage 1945", &["vintage 1945"]),
            m("Tourbillon with Three Gold Bridges", &["three gold bridges"]),
        ],
        grammars: &[strong("d{5}a?-d{2}-x{3,4}-x{2,4}", &["81010-11-431-11A", "81005-11-431-11A", "49555-11-131-BB60"])],
        ref_models: &[r("810", "Laureato"), r("495", "1966")],
    },
    Brand {
        name: "Ulysse Nardin",
        aliases: &["ulysse nardin", "ulysse", "nardin"],
        models: &[
            m("Marine", &["!marine", "marine torpilleur", "torpilleur"]),
            m("Diver", &["!diver", "marine diver"]),
            m("Freak", &["!freak"]),
            m("Blast", &["!blast"]),
        ],
        grammars: &[
            strong("d{3,4}-d{2,3}(a{1,3})?(-d{1,2})?/x{1,3}", &["1183-170-3/43", "8163-175/92", "263-10-3/91"]),
            weak("d{4}-d{3}(a{1,3})?", &["1183-310"]),
        ],
        ref_models: &[
            r("1183-310", "Marine"),
            r("(1183-170|8163|263)", "Diver"),
            r("(2053|2303|2505|2013|2050)", "Freak"),
            r("(1723|2123)", "Blast"),
        ],
    },
    Brand {
        name: "Glashütte Original",
        aliases: &["glashutte original", "glashuette original", "glashutte", "glashuette"],
        models: &[
            m("Senator", &["!senator", "senator excellence", "senator chronometer"]),
            m("PanoMaticLunar", &["panomaticlunar", "pano matic lunar", "panomatic lunar"]),
            m("PanoReserve", &["panoreserve"]),
            m("PanoInverse", &["panoinverse"]),
            m("Seventies", &["!seventies", "seventies chronograph"]),
            m("Sixties", &["!sixties"]),
            m("SeaQ", &["seaq", "sea q"]),
        ],
        grammars: &[strong("d-dd-dd-dd-dd-dd", &["1-36-04-01-02-04", "1-90-02-42-32-05"])],
        ref_models: &[
            r("1-90-", "PanoMaticLunar"),
            r("1-65-", "PanoReserve"),
            r("1-91-", "PanoInverse"),
            r("1-39-1", "SeaQ"),
            r("1-37-", "Seventies"),
            r("1-39-5", "Sixties"),
            r("1-(36|58)-", "Senator"),
        ],
    },
    brand(
        "Nomos",
        &["nomos", "nomos glashutte"],
        &[
            m("Tangente", &["tangente"]),
            m("Orion", &["!orion"]),
            m("Club", &["!club", "club campus", "club sport"]),
            m("Ludwig", &["!ludwig"]),
            m("Metro", &["!metro"]),
            m("Tetra", &["!tetra"]),
            m("Ahoi", &["ahoi"]),
            m("Zürich", &["!zurich"]),
            m("Lambda", &["!lambda"]),
            m("Autobahn", &["!autobahn"]),
        ],
    ),
    Brand {
        name: "Bell & Ross",
        aliases: &["bell ross", "bell and ross", "b r", "bellross"],
        models: &[],
        grammars: &[strong("BR-?(V|S|X)?d{1,4}a?(-x{1,4})*(/x{2,4})?", &["BR03-92-S", "BR0392-BL-ST", "BR05A-BL-ST/SST", "BR03", "BRV292-BB-ST", "BR-X1"])],
        ref_models: &[
            r("BR-?126", "BR 126"),
            r("BR-?123", "BR 123"),
            r("BR-?0?1", "BR 01"),
            r("BR-?0?3", "BR 03"),
            r("BR-?0?5", "BR 05"),
            r("BR-?V1", "BR V1"),
            r("BR-?V2", "BR V2"),
            r("BR-?V3", "BR V3"),
            r("BR-?X", "BR-X"),
        ],
    },
    Brand {
        name: "Tissot",
        aliases: &["tissot"],
        models: &[
            m("PRX", &["prx"]),
            m("Seastar", &["seastar"]),
            m("Le Locle", &["le locle"]),
            m("Gentleman", &["!gentleman"]),
            m("Visodate", &["visodate"]),
        ],
        grammars: &[strong("Td{3}.d{3}.d{2}.d{3}.d{2}", &["T137.407.11.041.00", "T120.407.11.041.03"])],
        ref_models: &[r("T137.4", "PRX"), r("T120", "Seastar"), r("T006", "Le Locle"), r("T127", "Gentleman")],
    },
    Brand {
        name: "Hamilton",
        aliases: &["hamilton"],
        models: &[
            m("Khaki Field", &["khaki field", "!khaki", "khaki field mechanical", "khaki aviation"]),
            m("Jazzmaster", &["jazzmaster"]),
            m("Ventura", &["ventura"]),
            m("Intra-Matic", &["intra matic", "intramatic"]),
            m("Murph", &["murph"]),
        ],
        grammars: &[strong("Hd{8}", &["H70455533", "H32505511"])],
        ref_models: &[r("H(70|69|68|71)", "Khaki Field"), r("H(32|42|38)", "Jazzmaster"), r("H24", "Ventura")],
    },
    brand("Oris", &["oris"], &[m("Aquis", &["aquis"]), m("Big Crown", &["big crown"]), m("Divers Sixty-Five", &["divers sixty five", "sixty five"]), m("ProPilot", &["propilot", "pro pilot"])]),
    brand("Montblanc", &["montblanc", "!mont blanc"], &[m("1858", &["!1858"]), m("Star Legacy", &["star legacy"]), m("Heritage", &["!heritage"]), m("TimeWalker", &["timewalker"])]),
    brand("Franck Muller", &["franck muller", "frank muller", "franck mueller"], &[m("Vanguard", &["!vanguard"]), m("Casablanca", &["!casablanca"]), m("Cintrée Curvex", &["cintree curvex", "curvex"]), m("Long Island", &["!long island"])]),
    brand("Roger Dubuis", &["roger dubuis"], &[m("Excalibur", &["excalibur"])]),
    brand("Parmigiani Fleurier", &["parmigiani fleurier", "parmigiani"], &[m("Tonda", &["tonda", "tonda pf", "tonda gt"]), m("Kalpa", &["kalpa"])]),
    brand("Jacob & Co.", &["jacob co", "jacob and co", "!jacob"], &[m("Astronomia", &["astronomia"]), m("Epic X", &["epic x"])]),
    brand("Czapek", &["czapek"], &[m("Antarctique", &["antarctique"]), m("Quai des Bergues", &["quai des bergues"])]),
    brand("Laurent Ferrier", &["laurent ferrier"], &[]),
    brand("De Bethune", &["de bethune", "debethune"], &[]),
    brand("Greubel Forsey", &["greubel forsey", "greubel"], &[]),
    brand("Urwerk", &["urwerk"], &[]),
    brand("Chanel", &["chanel"], &[m("J12", &["j12"])]),
    brand("Baume & Mercier", &["baume mercier", "baume et mercier", "baume and mercier", "baume"], &[m("Clifton", &["!clifton"]), m("Riviera", &["!riviera"])]),
    brand("Rado", &["rado"], &[m("Captain Cook", &["captain cook"])]),
    brand("Sinn", &["sinn"], &[]),
    brand("Christopher Ward", &["christopher ward"], &[]),
    brand("Doxa", &["doxa"], &[]),
    brand("Casio", &["casio"], &[m("G-Shock", &["g shock", "gshock"])]),
    brand("Citizen", &["!citizen"], &[m("Promaster", &["promaster"])]),
    brand("Maurice Lacroix", &["maurice lacroix"], &[m("Aikon", &["aikon"])]),
    brand("Raymond Weil", &["raymond weil"], &[]),
    brand("Frederique Constant", &["frederique constant"], &[]),
    brand("Corum", &["corum"], &[m("Admiral", &["!admiral"]), m("Bubble", &["!bubble"])]),
    brand("Bovet", &["bovet"], &[]),
    brand("Arnold & Son", &["arnold son", "arnold and son"], &[]),
    brand("Moritz Grossmann", &["moritz grossmann"], &[]),
    brand("Louis Vuitton", &["louis vuitton"], &[m("Tambour", &["tambour"])]),
    brand("Van Cleef & Arpels", &["van cleef arpels", "van cleef", "vca"], &[]),
    brand("Harry Winston", &["harry winston"], &[]),
    brand("Zodiac", &["!zodiac"], &[m("Super Sea Wolf", &["super sea wolf", "sea wolf"])]),
    brand("Akrivia", &["akrivia", "rexhep rexhepi"], &[]),
    brand("Voutilainen", &["voutilainen", "kari voutilainen"], &[]),
    brand("Gérald Genta", &["gerald genta"], &[]),
    brand("Ressence", &["ressence"], &[]),
    brand("Norqain", &["norqain"], &[]),
];

// ---------------------------------------------------------------------------
// Reference lexing helpers (data)

/// Letter prefixes that brokers often separate from the number with a
/// space: "RM 011", "PAM 1312", "IW 371605", "BR 03-92".
pub(super) const REF_JOIN_PREFIXES: &[&str] = &["rm", "pam", "iw", "br"];

/// Suffixes that are sometimes written apart from the number: "126610 LN".
#[rustfmt::skip]
pub(super) const REF_JOIN_SUFFIXES: &[&str] = &[
    "ln", "lv", "lb", "blro", "blnr", "chnr", "vtnr", "grnr", "tbr", "rbr", "sats", "saru", "st", "or", "ba", "bc", "pt", "ti", "ce", "io", "tb", "tn",
];

/// Join suffixes that are also everyday words: joined only when written in
/// capitals ("15500 OR" is rose gold, "15500 or 15510" is a choice).
pub(super) const REF_JOIN_SUFFIX_WORDS: &[&str] = &["or"];

/// Words that announce a reference: "ref 5711", "ref. 16610".
pub(super) const REF_KEYWORDS: &[&str] = &["ref", "reference", "refs", "ref no", "reference no", "ref nr"];

/// Units after a number that make it not a price.
#[rustfmt::skip]
pub(super) const NON_PRICE_UNITS: &[&str] = &[
    "mm", "cm", "ct", "cts", "carat", "carats", "g", "gr", "gram", "grams", "pcs", "pieces", "piece", "units", "unit", "x", "days", "day", "hours", "hrs", "h", "months", "month", "yrs", "years", "year", "atm", "bar", "ft", "jewels", "m", "watches", "pax", "hz", "vph", "min", "mins", "sec", "inch", "inches", "kg", "lbs",
];

// ---------------------------------------------------------------------------
// Currencies

/// Currency words and codes (lower case) → ISO code.
#[rustfmt::skip]
pub(super) const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("usd", "USD"), ("dollar", "USD"), ("dollars", "USD"), ("bucks", "USD"),
    ("eur", "EUR"), ("euro", "EUR"), ("euros", "EUR"),
    ("gbp", "GBP"), ("pounds", "GBP"), ("quid", "GBP"),
    ("chf", "CHF"), ("sfr", "CHF"), ("francs", "CHF"),
    ("hkd", "HKD"), ("sgd", "SGD"), ("aed", "AED"), ("dhs", "AED"), ("dh", "AED"), ("dirham", "AED"), ("dirhams", "AED"), ("dhms", "AED"),
    ("jpy", "JPY"), ("yen", "JPY"), ("cny", "CNY"), ("rmb", "CNY"), ("yuan", "CNY"),
    ("aud", "AUD"), ("cad", "CAD"), ("nzd", "NZD"), ("myr", "MYR"), ("thb", "THB"), ("baht", "THB"),
    ("twd", "TWD"), ("ntd", "TWD"), ("krw", "KRW"), ("inr", "INR"), ("sar", "SAR"), ("qar", "QAR"),
    ("kwd", "KWD"), ("bhd", "BHD"), ("omr", "OMR"), ("rub", "RUB"), ("mxn", "MXN"), ("zar", "ZAR"),
    ("sek", "SEK"), ("nok", "NOK"), ("dkk", "DKK"), ("pln", "PLN"), ("czk", "CZK"), ("huf", "HUF"),
    ("idr", "IDR"), ("php", "PHP"), ("vnd", "VND"), ("ils", "ILS"), ("brl", "BRL"),
];

/// Symbols, optionally glued to a letter prefix ("HK$", "US$", "S$").
/// The prefix is lower case; "" is the bare symbol.
#[rustfmt::skip]
pub(super) const CURRENCY_SYMBOLS: &[(char, &str, &str)] = &[
    ('$', "", "USD"), ('$', "us", "USD"), ('$', "u", "USD"), ('$', "usd", "USD"),
    ('$', "hk", "HKD"), ('$', "hkd", "HKD"),
    ('$', "s", "SGD"), ('$', "sg", "SGD"), ('$', "sgd", "SGD"),
    ('$', "a", "AUD"), ('$', "au", "AUD"), ('$', "aud", "AUD"),
    ('$', "c", "CAD"), ('$', "ca", "CAD"), ('$', "cad", "CAD"),
    ('$', "nt", "TWD"), ('$', "nz", "NZD"), ('$', "mx", "MXN"),
    ('€', "", "EUR"), ('£', "", "GBP"), ('¥', "", "JPY"), ('₹', "", "INR"), ('₩', "", "KRW"),
    ('฿', "", "THB"), ('₽', "", "RUB"), ('₣', "", "CHF"), ('₺', "", "TRY"), ('₪', "", "ILS"),
    ('₫', "", "VND"), ('₱', "", "PHP"),
];

// ---------------------------------------------------------------------------
// Cue lexicon

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Deal {
    None,
    Sale,
    Want,
    /// Sold / on hold notices.
    Sold,
    /// Price checks and market chatter.
    Check,
    /// Trade / swap offers: `other` unless the watch also has a price.
    Trade,
    /// Group housekeeping (rules, welcomes, admin notes): a message with
    /// such a phrase and no watch is chatter even if it says "WTS/WTB".
    Chat,
}

/// What a phrase says about a price next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    None,
    /// The asking price ("asking", "now", "@", "net").
    Ask,
    /// A buyer's budget ("budget", "up to", "paying").
    Budget,
    /// Not the price of this deal ("retail", "paid", "was").
    Anti,
    /// A condition grade may follow ("condition 9.5", "9/10 condition").
    Grade,
}

/// Where the phrase stands relative to the price it qualifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pos {
    Before,
    After,
    Both,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Cue {
    pub phrase: &'static str,
    pub deal: Deal,
    pub weight: u8,
    pub sentiment: Option<Sentiment>,
    pub role: Role,
    pub pos: Pos,
}

impl Cue {
    const fn motivated(mut self) -> Cue {
        self.sentiment = Some(Sentiment::Motivated);
        self
    }
    const fn firm(mut self) -> Cue {
        self.sentiment = Some(Sentiment::Firm);
        self
    }
    const fn ask(mut self, pos: Pos) -> Cue {
        self.role = Role::Ask;
        self.pos = pos;
        self
    }
    const fn budget(mut self, pos: Pos) -> Cue {
        self.role = Role::Budget;
        self.pos = pos;
        self
    }
    const fn grade(mut self, pos: Pos) -> Cue {
        self.role = Role::Grade;
        self.pos = pos;
        self
    }
    const fn anti(mut self, pos: Pos) -> Cue {
        self.role = Role::Anti;
        self.pos = pos;
        self
    }
}

const fn cue(phrase: &'static str, deal: Deal, weight: u8) -> Cue {
    Cue { phrase, deal, weight, sentiment: None, role: Role::None, pos: Pos::Before }
}
const fn sale(p: &'static str, w: u8) -> Cue {
    cue(p, Deal::Sale, w)
}
const fn want(p: &'static str, w: u8) -> Cue {
    cue(p, Deal::Want, w)
}
const fn sold(p: &'static str, w: u8) -> Cue {
    cue(p, Deal::Sold, w)
}
const fn check(p: &'static str, w: u8) -> Cue {
    cue(p, Deal::Check, w)
}
const fn trade(p: &'static str, w: u8) -> Cue {
    cue(p, Deal::Trade, w)
}
const fn chat(p: &'static str) -> Cue {
    cue(p, Deal::Chat, 3)
}
/// A phrase with no effect of its own; it only stops shorter phrases
/// inside it from matching ("sub dial" is not a Submariner).
const fn plain(p: &'static str) -> Cue {
    cue(p, Deal::None, 0)
}

use self::Pos::{After, Before, Both};

/// Weights: 3 = explicit marker (WTS, WTB, SOLD, PC), 2 = clear phrase,
/// 1 = hint (condition words suggest an offer).
#[rustfmt::skip]
pub(super) const CUES: &[Cue] = &[
    // --- selling
    sale("wts", 3), sale("w t s", 3), sale("fs", 3), sale("f s", 3), sale("for sale", 3), sale("4sale", 3), sale("4 sale", 3), sale("fsot", 3), sale("fs ft", 3), sale("fs or trade", 3),
    sale("selling", 3).ask(Before), sale("who wants", 3), sale("anyone want", 3), sale("anyone wants", 3), sale("who needs", 3), sale("anyone need", 3), sale("anyone needs", 2),
    sale("just got in", 3), sale("just in", 3), sale("new arrival", 3), sale("new arrivals", 3), sale("fresh in", 3), sale("just landed", 3), sale("got in", 2), sale("pm me", 1), sale("dm me", 1),
    sale("have", 1), sale("if you need", 1), sale("if u need", 1), sale("if you want", 1), sale("if u want", 1), plain("need more"), plain("need pics"), plain("need photos"), plain("need more pics"), sale("can get", 2), sale("can source", 2), sale("interested ?", 2), sale("offers ?", 2).motivated(), sale("taking offers", 2).motivated(), sale("accepting offers", 2).motivated(), sale("got", 1), sale("stock", 2), sale("stock list", 3), sale("stock update", 3), sale("inventory", 2), sale("on behalf", 2), sale("on behalf of", 2), sale("poa", 2),
    sale("asks", 2), sale("will take", 2).ask(Before), sale("offload", 2).motivated(), sale("need to offload", 3).motivated(), sale("price cut", 3).motivated().ask(Before), sale("dropped price", 3).motivated(),
    sale("pm for price", 2), sale("pm for prices", 2), sale("dm for price", 2), sale("dm for prices", 2), sale("dm for details", 1), sale("pm for details", 1), sale("price on request", 2), sale("on request", 1), sale("available", 3), sale("avail", 3), sale("available now", 3), sale("now available", 3), sale("in stock", 3), sale("instock", 3), sale("ready stock", 3), sale("on hand", 2),
    sale("offering", 3), sale("can offer", 2), sale("up for sale", 3), sale("ex stock", 2), sale("can deliver", 1), sale("up for grabs", 3), sale("anyone buying", 3), sale("any buyers", 3), sale("anyone interested", 2), sale("any takers", 3),
    sale("if interested", 1), sale("i have one", 2), sale("dm if interested", 2), sale("pm if interested", 2), sale("serious buyers", 2), sale("serious buyers only", 2), sale("i have", 1), sale("got a", 1), sale("have one", 1), sale("for grabs", 2),
    sale("ready to ship", 2), sale("can ship", 1), sale("ships today", 1), sale("first come first served", 2), sale("fcfs", 2), sale("hmu", 1),
    sale("asking", 2).ask(Before), sale("asking price", 2).ask(Before), sale("ask", 1).ask(Before), sale("selling for", 3).ask(Before), sale("sale price", 2).ask(Before),
    sale("letting go", 2).motivated(), sale("let go", 2).motivated(), sale("letting it go", 2).motivated(), sale("sold with", 1), sale("sold as", 1), sale("send offers", 2), sale("any offers", 2).motivated(),
    sale("best offer", 1).motivated(),
    // condition words hint at an offer
    sale("full set", 1), sale("full sets", 1), sale("fullset", 1), sale("b p", 1), sale("bnp", 1), sale("box papers", 1), sale("box and papers", 1), sale("box only", 1), sale("papers only", 1),
    sale("unworn", 1), sale("mint", 1), sale("like new", 1), sale("brand new", 1), sale("new", 1), sale("bnib", 1), sale("lnib", 1), sale("stickers", 1), sale("stickered", 1), sale("complete", 1),
    sale("warranty", 1), sale("serviced", 1), sale("excellent", 1), sale("excellent condition", 1), cue("condition", Deal::None, 0).grade(Both), cue("cond", Deal::None, 0).grade(Both), cue("rated", Deal::None, 0).grade(Before), sale("watch only", 1), sale("naked", 1), sale("pre owned", 1), sale("preowned", 1),
    sale("needs service", 1), sale("need service", 1), sale("needs a service", 1), sale("needs servicing", 1), sale("needs polish", 1), sale("needs a polish", 1),
    // --- wanted
    want("wtb", 3), want("w t b", 3), want("lf", 3), want("lfw", 3), want("looking for", 3), want("looking", 1), want("looking to buy", 3), want("in the market for", 3), want("on the hunt for", 3), want("interested in buying", 3), want("looking to acquire", 3), want("want to buy", 3), want("wanna buy", 3), want("would like to buy", 3), want("will buy", 2), want("would buy", 2), want("paying top", 2), want("top dollar", 2), want("im after", 2), want("i m after", 2), sale("looking to sell", 3), want("have you got", 2), want("got any", 2), want("you got", 1), want("iso", 3), want("in search of", 3), want("searching", 3), want("searching for", 3),
    want("wanted", 3), want("want", 2), want("wants", 2), want("need", 2), want("needed", 2), want("needs", 2), want("buying", 2), want("we buy", 2), want("buy", 1),
    want("budget", 2).budget(Before), want("budget of", 2).budget(Before), want("my budget", 2).budget(Before), want("up to", 1).budget(Before), want("upto", 1).budget(Before),
    want("max", 1).budget(Both), want("maximum", 1).budget(Both), want("paying", 2).budget(Before), want("can pay", 2).budget(Before), want("will pay", 2).budget(Before), want("pay", 1).budget(Before),
    want("can go", 2).budget(Before), want("can go up to", 2).budget(Before), want("willing to pay", 2).budget(Before),
    want("who has", 2), want("who have", 2), want("whos got", 2), want("who got", 2), want("who is holding", 2), want("whos holding", 2), want("who is selling", 2), want("whos selling", 2), want("who selling", 2), want("anybody selling", 3), want("anybody have", 2), want("anybody got", 2), want("anybody holding", 2), want("any1 got", 2), want("any1 have", 2), want("any1 has", 2), want("any1 holding", 2), want("any1 selling", 3), want("anyone have", 2), want("anyone has", 2), want("any one have", 2),
    want("does anyone have", 2), want("anyone got", 2), want("anyone with", 2), want("anyone holding", 2), want("anyone selling", 3), want("any dealer", 2), want("any dealers", 2), want("dealers holding", 2),
    want("holding ?", 2), want("available ?", 2), want("in stock ?", 2), want("anyone ?", 2), want("any ?", 1), want("around ?", 1),
    want("client wants", 3), want("client looking", 3), want("client waiting", 2), want("client needs", 3), want("for client", 2), want("for my client", 2), want("end client", 2), want("my client", 1), want("have buyer", 3), want("have a buyer", 3),
    want("got a buyer", 3), want("got buyer", 3), want("buyer waiting", 3), want("buyers waiting", 3), want("cash ready", 2), want("hunting", 2), want("chasing", 2), want("sourcing", 2), want("do you have", 2), want("you have", 1), want("u have", 1), want("seeking", 3), want("in need of", 3), want("buyer for", 3), want("require", 2), want("required", 2), want("requesting", 2),
    want("bid", 2), want("bids", 2), want("bidding", 2), want("send best price", 2), want("trade for", 3), want("swap for", 3), want("trade towards", 2), want("in exchange for", 3), want("what are you asking", 2), want("how much are you asking", 2), want("whats your price", 2), want("what s your price", 2), want("your best price", 2), want("can anyone source", 3), want("anyone source", 3), want("source", 1), want("any leads", 2), want("pm me your price", 3), want("dm me your price", 3), want("send me your price", 3), want("your price", 1), want("pm me your best", 3), want("send your best price", 2), want("pls send", 1),
    // --- sold / on hold
    sold("sold", 3), sold("sold out", 3), sold("sold thanks", 3), sold("just sold", 3), sold("gone", 2), sold("all gone", 3), sold("deal done", 3), sold("done deal", 3), sold("deal closed", 3), sold("all sorted", 3), sold("on hold", 2), sold("reserved", 2), sold("sale pending", 2), sold("no longer available", 3), sold("taken thanks", 3), sold("already taken", 3), sold("been taken", 3), sold("off market", 2), sold("off the market", 2), sold("withdrawn", 2), sold("found it", 3), sold("not available", 2), sold("found one", 3), sold("found thanks", 3), sold("deposit taken", 3), sold("deposit received", 3), sold("deposit paid", 3), sold("under offer", 2), sold("spoken for", 3),
    plain("sold by"), plain("sold new"), plain("sold in"), plain("sold on"),
    // --- price checks and market chatter
    check("pc", 3), check("pc ?", 3), check("p c", 3), check("price check", 3), check("pricecheck", 3), check("price chk", 3), check("market on", 3), check("market for", 2), check("whats the market", 3), check("what is the market", 3),
    check("where is the market", 3), check("market price", 1).anti(Before), check("the market", 1), check("market", 1).anti(Before), check("going for", 2), check("how much", 2), check("worth", 2).anti(Before), check("valuation", 2), check("value", 1),
    check("trading at", 2).anti(Before), check("trading for", 2).anti(Before), check("trading around", 2).anti(Before), check("thoughts on", 2), check("opinions on", 2), check("anyone seen", 1), check("fair price", 2), check("going rate", 3), check("market value", 2), check("what would you pay", 2), check("what would u pay", 2), check("grey market", 1), check("fair", 1), check("fair ?", 3), check("fair for", 2), check("ballpark", 2), check("price idea", 2), check("market check", 3), check("demand", 2), check("any demand", 3), check("is there demand", 3), check("went for", 2).anti(Before), check("goes for", 2).anti(Before), check("traded at", 2).anti(Before), check("traded for", 2).anti(Before), check("changed hands", 2).anti(Before), check("last traded", 2).anti(Before), check("market holding", 2), check("market is holding", 2), check("good price", 1), check("good deal", 1),
    // market observations ("market feels soft", "seen two at 1.15m")
    check("market is", 2).anti(Before), check("market feels", 2).anti(Before), check("market looks", 2).anti(Before), check("market seems", 2).anti(Before), check("market has", 2).anti(Before),
    check("market softening", 2), check("market soft", 2), check("market slow", 2), check("market quiet", 2), check("market crazy", 2), check("feels soft", 2), check("is soft", 2), check("getting soft", 2), check("softening", 2), check("firming up", 2),
    check("seen", 2).anti(Before), check("seeing", 2).anti(Before), check("have seen", 2).anti(Before), check("i see", 1).anti(Before), plain("as seen"), plain("never seen"), plain("seen in"), plain("as seen in"),
    // --- trades and swaps (a priced listing "open to trades" stays for sale)
    trade("wtt", 2), trade("trade", 2), trade("trades", 2), trade("trade offer", 2), trade("trade offers", 2), trade("open to trade", 2), trade("open to trades", 2), trade("swap", 2), trade("swaps", 2), trade("swap my", 2), trade("trade my", 2),
    trade("p x", 1), trade("px", 1), trade("part exchange", 2),
    // --- group housekeeping
    chat("rules"), chat("rule"), chat("group rules"), chat("reminder"), chat("admin"), chat("admins"), chat("welcome"), chat("welcome to"), chat("please post"), chat("pls post"), chat("post only"), chat("posts only"), chat("no fakes"), chat("no reps"), chat("no replicas"),
    // --- sentiment: motivated
    sale("need gone", 3).motivated(), sale("needs gone", 3).motivated(), sale("need it gone", 3).motivated(), sale("want gone", 3).motivated(), sale("want it gone", 3).motivated(),
    sale("must go", 3).motivated(), sale("has to go", 3).motivated(), sale("needs to go", 3).motivated(), sale("must be gone", 3).motivated(), sale("must sell", 3).motivated(), sale("need to sell", 3).motivated(), sale("need to move", 3).motivated(),
    sale("quick sale", 3).motivated(), sale("quick sell", 3).motivated(), sale("fast sale", 3).motivated(), sale("price drop", 3).motivated().ask(Before), sale("price dropped", 3).motivated().ask(Before), sale("dropped", 1).motivated().ask(Before),
    sale("dropped to", 2).motivated().ask(Before), sale("drop to", 2).motivated().ask(Before), sale("reduced", 1).motivated().ask(Before), sale("price reduced", 3).motivated().ask(Before), sale("reduced to", 2).motivated().ask(Before),
    sale("open to offers", 2).motivated(), sale("open to offer", 2).motivated(), sale("or offer", 1).motivated().ask(After), sale("or offers", 1).motivated().ask(After), sale("or best offer", 1).motivated().ask(After),
    sale("or nearest offer", 1).motivated().ask(After), sale("ono", 1).motivated().ask(After), sale("obo", 1).motivated().ask(After), sale("ovno", 1).motivated().ask(After), sale("make an offer", 2).motivated(), sale("make offer", 2).motivated(),
    sale("make me an offer", 2).motivated(), sale("offers welcome", 2).motivated(), sale("take offers", 2).motivated(), sale("negotiable", 1).motivated(), sale("neg", 1).motivated(), sale("nego", 1).motivated(), sale("slightly negotiable", 1).motivated(),
    sale("motivated", 1).motivated(), sale("motivated seller", 3).motivated(), sale("fire sale", 3).motivated(), sale("priced to sell", 3).motivated(), sale("bargain", 1).motivated(), sale("below market", 1).motivated(), sale("under market", 1).motivated(),
    sale("cheapest", 1).motivated(), sale("need cash", 2).motivated(), sale("need the cash", 2).motivated(), sale("need money", 2).motivated(), sale("need liquidity", 2).motivated(), sale("steal", 1).motivated(), sale("clearance", 2).motivated(), sale("not firm", 1).motivated(), cue("urgent", Deal::None, 0).motivated(), cue("urgently", Deal::None, 0).motivated(), cue("asap", Deal::None, 0).motivated(), cue("flexible", Deal::None, 0).motivated(),
    // --- sentiment: firm
    cue("firm", Deal::None, 0).firm().ask(After), cue("price firm", Deal::None, 0).firm(), cue("firm price", Deal::None, 0).firm().ask(Before), cue("firm on price", Deal::None, 0).firm(), cue("price is firm", Deal::None, 0).firm(),
    cue("fixed price", Deal::None, 0).firm().ask(Before), cue("price fixed", Deal::None, 0).firm(), cue("price is final", Deal::None, 0).firm(), cue("final price", Deal::None, 0).firm().ask(Before), cue("final", Deal::None, 0).firm(), cue("last price", Deal::None, 0).firm().ask(Before), cue("fixed", Deal::None, 0).firm(), cue("best price", Deal::None, 0).ask(Before),
    cue("no lowballers", Deal::None, 0).firm(), cue("no lowball", Deal::None, 0).firm(), cue("no lowballs", Deal::None, 0).firm(), cue("no low ballers", Deal::None, 0).firm(), cue("no low balls", Deal::None, 0).firm(), cue("no lowball offers", Deal::None, 0).firm(),
    cue("lowballers ignored", Deal::None, 0).firm(), cue("lowballers will be ignored", Deal::None, 0).firm(), cue("non negotiable", Deal::None, 0).firm(), cue("not negotiable", Deal::None, 0).firm(), cue("nonnegotiable", Deal::None, 0).firm(),
    cue("no negotiation", Deal::None, 0).firm(), cue("no nego", Deal::None, 0).firm(), cue("non neg", Deal::None, 0).firm(), cue("no offers", Deal::None, 0).firm(), cue("no haggling", Deal::None, 0).firm(), cue("no haggle", Deal::None, 0).firm(), cue("strict", Deal::None, 0).firm(),
    // --- price roles without a deal meaning
    cue("price", Deal::None, 0).ask(Before), cue("priced at", Deal::None, 0).ask(Before), cue("now", Deal::None, 0).ask(Before), cue("now only", Deal::None, 0).ask(Before), cue("new price", Deal::None, 0).ask(Before), cue("only", Deal::None, 0).ask(Both),
    cue("around", Deal::None, 0).ask(Before), cue("about", Deal::None, 0).ask(Before), cue("approx", Deal::None, 0).ask(Before), cue("circa", Deal::None, 0).ask(Before),
    cue("just", Deal::None, 0).ask(Before), cue("at", Deal::None, 0).ask(Before), cue("for", Deal::None, 0).ask(Before), cue("net", Deal::None, 0).ask(After), cue("nett", Deal::None, 0).ask(After), cue("shipped", Deal::None, 0).ask(After),
    cue("delivered", Deal::None, 0).ask(After), cue("each", Deal::None, 0).ask(After), cue("wire", Deal::None, 0).ask(After), cue("all in", Deal::None, 0).ask(After), cue("cash", Deal::None, 0).ask(After), cue("can do", Deal::None, 0).ask(Before),
    cue("retail", Deal::None, 0).anti(Both), cue("retail price", Deal::None, 0).anti(Before), cue("retails", Deal::None, 0).anti(Before), cue("retails at", Deal::None, 0).anti(Before), cue("msrp", Deal::None, 0).anti(Both), cue("rrp", Deal::None, 0).anti(Both),
    cue("list", Deal::None, 0).anti(Both), cue("list price", Deal::None, 0).anti(Before), cue("ad price", Deal::None, 0).anti(Before), cue("boutique price", Deal::None, 0).anti(Before), cue("paid", Deal::None, 0).anti(Both), cue("bought", Deal::None, 0).anti(Before),
    cue("bought for", Deal::None, 0).anti(Before), cue("bought at", Deal::None, 0).anti(Before), cue("cost", Deal::None, 0).anti(Before), cue("cost me", Deal::None, 0).anti(Before), cue("originally", Deal::None, 0).anti(Before), cue("was", Deal::None, 0).anti(Before),
    cue("from", Deal::None, 0).anti(Before), cue("insured", Deal::None, 0).anti(Before), cue("insurance", Deal::None, 0).anti(Before), cue("deposit", Deal::None, 0).anti(Before), cue("shipping", Deal::None, 0).anti(Before), cue("valued at", Deal::None, 0).anti(Before),
    cue("calibre", Deal::None, 0).anti(Before), cue("caliber", Deal::None, 0).anti(Before), cue("cal", Deal::None, 0).anti(Before), cue("movement", Deal::None, 0).anti(Before),
    cue("serial", Deal::None, 0).anti(Before), cue("serial number", Deal::None, 0).anti(Before), cue("serial no", Deal::None, 0).anti(Before), cue("sn", Deal::None, 0).anti(Before),
    cue("1 of", Deal::None, 0).anti(Before), cue("one of", Deal::None, 0).anti(Before), cue("limited to", Deal::None, 0).anti(Before), cue("edition of", Deal::None, 0).anti(Before),
    cue("numbered", Deal::None, 0).anti(Before), cue("price of", Deal::None, 0).ask(Before), cue("ref", Deal::None, 0).anti(Before), cue("reference", Deal::None, 0).anti(Before),
    cue("sold for", Deal::Sold, 2).anti(Before), cue("last sold", Deal::Check, 1).anti(Before), cue("offered", Deal::None, 0).anti(Before), cue("got offered", Deal::Check, 1).anti(Before),
    // --- phrases that only shield shorter matches
    plain("sub dial"), plain("sub dials"), plain("subdial"), plain("subdials"), plain("sub seconds"), plain("sub second"), plain("gmt function"), plain("gmt hand"), plain("gmt complication"), plain("no need"),
];

#[cfg(test)]
mod tests {
    use super::super::pattern;
    use super::*;

    fn normalised(s: &str) -> bool {
        !s.is_empty()
            && !s.starts_with(' ')
            && !s.ends_with(' ')
            && !s.contains("  ")
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ' || b == b'?')
    }

    fn strip_markers(s: &str) -> &str {
        s.trim_start_matches(['!', '~', '^', '?'])
    }

    #[test]
    fn aliases_and_cues_are_normalised() {
        for b in BRANDS {
            for a in b.aliases {
                assert!(normalised(strip_markers(a)), "brand alias {a:?}");
            }
            for md in b.models {
                for a in md.aliases {
                    assert!(normalised(strip_markers(a)), "model alias {a:?}");
                }
            }
        }
        for c in CUES {
            assert!(normalised(c.phrase), "cue {:?}", c.phrase);
        }
    }

    #[test]
    fn grammars_and_rules_are_valid_patterns() {
        for b in BRANDS {
            for g in b.grammars {
                assert!(pattern::is_valid(g.pattern), "{}: {}", b.name, g.pattern);
                assert!(!g.examples.is_empty(), "{}: grammar {} needs examples", b.name, g.pattern);
                for e in g.examples {
                    assert!(pattern::full_match(g.pattern, e), "{}: {} should match {}", b.name, g.pattern, e);
                }
            }
            for rm in b.ref_models {
                assert!(pattern::is_valid(rm.pattern), "{}: rule {}", b.name, rm.pattern);
            }
        }
    }

    #[test]
    fn brand_count_fits_bitset() {
        assert!(BRANDS.len() <= 128);
    }
}
