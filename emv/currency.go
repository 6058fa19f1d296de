package emv

// Currency is an ISO 4217 currency: its numeric code (as in 5F2A, 9F42),
// alphabetic code and minor-unit exponent (as in 5F36, 9F44).
type Currency struct {
	Code     uint16
	Alpha    string
	Exponent int
}

// Country is an ISO 3166-1 country: its numeric code (as in 9F1A, 5F28) and
// its alpha-2 and alpha-3 codes (as in 5F55, 5F56).
type Country struct {
	Code           uint16
	Alpha2, Alpha3 string
}

// ISO 4217 numeric currency codes emvsim's presets use.
const (
	CurrencyJPY uint16 = 392
	CurrencyUSD uint16 = 840
	CurrencyEUR uint16 = 978
	CurrencyGBP uint16 = 826
)

// ISO 3166-1 numeric country codes emvsim's presets use.
const (
	CountryJapan         uint16 = 392
	CountryUnitedStates  uint16 = 840
	CountryUnitedKingdom uint16 = 826
)

// currencies lists the ISO 4217 entries this package knows, checked against
// the ISO 4217 list (SIX, "List one: currency, fund and precious metal
// codes") as transcribed by checkdigit/currency (src/currencies.ts,
// generated from the ISO 4217 XML): numeric code and minor unit of each.
var currencies = []Currency{
	{36, "AUD", 2},
	{124, "CAD", 2},
	{156, "CNY", 2},
	{344, "HKD", 2},
	{356, "INR", 2},
	{392, "JPY", 0},
	{410, "KRW", 0},
	{702, "SGD", 2},
	{756, "CHF", 2},
	{826, "GBP", 2},
	{840, "USD", 2},
	{901, "TWD", 2},
	{978, "EUR", 2},
}

// countries lists the ISO 3166-1 entries this package knows, each checked
// against the ISO 3166-1 table of HawkN113/Country.Reference.Iso3166 and
// FactBaseIO/factbase-data-open (countries/iso-3166-1).
var countries = []Country{
	{36, "AU", "AUS"},
	{124, "CA", "CAN"},
	{156, "CN", "CHN"},
	{250, "FR", "FRA"},
	{276, "DE", "DEU"},
	{344, "HK", "HKG"},
	{356, "IN", "IND"},
	{392, "JP", "JPN"},
	{410, "KR", "KOR"},
	{528, "NL", "NLD"},
	{702, "SG", "SGP"},
	{756, "CH", "CHE"},
	{826, "GB", "GBR"},
	{840, "US", "USA"},
}

// LookupCurrency finds a currency by its numeric code.
func LookupCurrency(code uint16) (Currency, bool) {
	for _, c := range currencies {
		if c.Code == code {
			return c, true
		}
	}
	return Currency{}, false
}

// LookupCurrencyAlpha finds a currency by its alphabetic code ("JPY").
func LookupCurrencyAlpha(alpha string) (Currency, bool) {
	for _, c := range currencies {
		if c.Alpha == alpha {
			return c, true
		}
	}
	return Currency{}, false
}

// LookupCountry finds a country by its numeric code.
func LookupCountry(code uint16) (Country, bool) {
	for _, c := range countries {
		if c.Code == code {
			return c, true
		}
	}
	return Country{}, false
}
