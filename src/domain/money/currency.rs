//! Currencies: a validated ISO 4217 code, its minor-unit exponent and its display symbol.

use super::*;

/// One row of the currency data table.
pub(super) struct CurrencyInfo {
    pub(super) code: &'static str,
    /// ISO 4217 minor unit: number of decimal places.
    pub(super) exponent: u32,
    /// Display prefix; `None` means "CODE ".
    pub(super) symbol: Option<&'static str>,
}

pub(super) const fn info(code: &'static str, exponent: u32, symbol: Option<&'static str>) -> CurrencyInfo {
    CurrencyInfo { code, exponent, symbol }
}

/// ISO 4217 minor units for the currencies Dealflow cares about, plus every
/// currency whose minor unit is not 2. Codes not listed default to 2 decimals
/// and the "CODE " prefix.
pub(super) const CURRENCY_TABLE: &[CurrencyInfo] = &[
    // Two decimals.
    info("USD", 2, Some("$")),
    info("EUR", 2, Some("€")),
    info("GBP", 2, Some("£")),
    info("CHF", 2, Some("CHF ")),
    info("HKD", 2, Some("HK$")),
    info("SGD", 2, Some("S$")),
    info("AED", 2, Some("AED ")),
    info("CAD", 2, None),
    info("AUD", 2, None),
    info("NZD", 2, None),
    info("SEK", 2, None),
    info("NOK", 2, None),
    info("DKK", 2, None),
    info("CNY", 2, None),
    info("INR", 2, None),
    info("SAR", 2, None),
    info("QAR", 2, None),
    info("ZAR", 2, None),
    info("MXN", 2, None),
    info("BRL", 2, None),
    info("PLN", 2, None),
    info("CZK", 2, None),
    info("ILS", 2, None),
    info("TRY", 2, None),
    info("THB", 2, None),
    info("MYR", 2, None),
    info("PHP", 2, None),
    info("IDR", 2, None),
    info("TWD", 2, None),
    info("HUF", 2, None),
    // No decimals.
    info("JPY", 0, Some("¥")),
    info("KRW", 0, None),
    info("CLP", 0, None),
    info("VND", 0, None),
    info("ISK", 0, None),
    info("PYG", 0, None),
    info("UGX", 0, None),
    info("RWF", 0, None),
    info("GNF", 0, None),
    info("KMF", 0, None),
    info("DJF", 0, None),
    info("BIF", 0, None),
    info("VUV", 0, None),
    info("XAF", 0, None),
    info("XOF", 0, None),
    info("XPF", 0, None),
    info("UYI", 0, None),
    // Three decimals.
    info("BHD", 3, None),
    info("KWD", 3, None),
    info("OMR", 3, None),
    info("JOD", 3, None),
    info("TND", 3, None),
    info("IQD", 3, None),
    info("LYD", 3, None),
    // Four decimals.
    info("CLF", 4, None),
    info("UYW", 4, None),
];

/// Decimal places for codes missing from the table.
pub(super) const DEFAULT_EXPONENT: u32 = 2;

/// An ISO 4217 currency code: exactly three ASCII capital letters.
///
/// Serializes as the plain code string (`"USD"`); deserialization validates.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// US dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");
    /// Pound sterling.
    pub const GBP: Currency = Currency(*b"GBP");
    /// Swiss franc.
    pub const CHF: Currency = Currency(*b"CHF");
    /// Hong Kong dollar.
    pub const HKD: Currency = Currency(*b"HKD");
    /// Singapore dollar.
    pub const SGD: Currency = Currency(*b"SGD");
    /// UAE dirham.
    pub const AED: Currency = Currency(*b"AED");
    /// Japanese yen (no minor unit).
    pub const JPY: Currency = Currency(*b"JPY");
    /// Bahraini dinar (three decimals).
    pub const BHD: Currency = Currency(*b"BHD");

    /// Validates `code` (exactly three ASCII capital letters, no trimming or
    /// case folding). Any such code is accepted; codes missing from the data
    /// table get 2 decimals and the "CODE " prefix.
    pub fn new(code: &str) -> Result<Currency, MoneyError> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_uppercase) => Ok(Currency([a, b, c])),
            _ => Err(MoneyError::InvalidCurrencyCode(code.to_owned())),
        }
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        // The bytes are validated ASCII capitals, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    fn info(&self) -> Option<&'static CurrencyInfo> {
        CURRENCY_TABLE.iter().find(|row| row.code.as_bytes() == self.0)
    }

    /// Whether the code is in this module's data table.
    pub fn is_known(&self) -> bool {
        self.info().is_some()
    }

    /// Number of decimal places of the minor unit (ISO 4217 "minor unit"):
    /// 2 for USD (cents), 0 for JPY, 3 for BHD. Unknown codes: 2.
    pub fn exponent(&self) -> u32 {
        self.info().map_or(DEFAULT_EXPONENT, |row| row.exponent)
    }

    /// Display prefix: "$" (USD), "£" (GBP), "€" (EUR), "HK$" (HKD),
    /// "S$" (SGD), "CHF " (CHF), "AED " (AED), "¥" (JPY), otherwise the code
    /// followed by a space, e.g. "CAD ".
    pub fn symbol(&self) -> Cow<'static, str> {
        match self.info().and_then(|row| row.symbol) {
            Some(symbol) => Cow::Borrowed(symbol),
            None => Cow::Owned(format!("{} ", self.code())),
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::new(s)
    }
}

impl TryFrom<&str> for Currency {
    type Error = MoneyError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Currency::new(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(code: String) -> Result<Self, Self::Error> {
        Currency::new(&code)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::new(&code).map_err(serde::de::Error::custom)
    }
}
